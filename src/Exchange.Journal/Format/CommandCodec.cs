using System.Buffers.Binary;
using System.Text;
using Exchange.Core.Accounts;
using Exchange.Core.Commands;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;

namespace Exchange.Journal.Format;

/// <summary>
/// Encodes a <see cref="Command"/> as a record payload and back. Each record stores its layout
/// version; <see cref="Decode"/> switches on it so older records keep reading after a layout
/// changes (add a case, never change an old one). A command is written at the oldest version that
/// holds all of its fields (<see cref="VersionFor"/>), so plain orders keep their 64-byte v1 body.
/// </summary>
/// <remarks>
/// Payload v1 (little-endian), the same 64-byte body for every type:
/// <code>
///  0 account i64 | 8 instrument i32 | 12 asset i32 | 16 client order id i64 | 24 order id i64
/// 32 price i64   | 40 quantity i64  | 48 protection price i64
/// 56 side u8 | 57 order type u8 | 58 time in force u8 | 59 self-trade mode u8 | 60 post-only u8 | 61..63 zero
/// </code>
/// AddInstrument appends the instrument: id i32, base i32, quote i32, tick i64, lot i64, min i64,
/// max i64, start price i64, band ticks i64, band bps i64, maker bps i64, taker bps i64, symbol
/// length u16, symbol UTF-8. AddAccount with a login secret appends its hash: iterations i32, salt
/// length u8, salt, hash length u8, hash (a record without the tail is an account without a login).
/// <para>
/// Payload v2 (orders using stops, icebergs, GTD or quote amounts): the v1 body, then
/// <c>64 stop price i64 | 72 display quantity i64 | 80 expire time i64 | 88 quote amount i64</c>
/// (a 96-byte body); the AddInstrument or AddAccount tail, if any, follows the body as in v1.
/// </para>
/// </remarks>
public static class CommandCodec
{
    /// <summary>The newest layout this build writes and reads.</summary>
    public const byte CurrentVersion = 2;
    public const int BodySize = 64;
    public const int BodySizeV2 = 96;
    private const int SpecFixedSize = (3 * 4) + (9 * 8) + 2;

    /// <summary>Upper bound of an encoded payload, for sizing buffers.</summary>
    public static int MaxSize(in Command command) =>
        BodySizeV2 + (command.Instrument is { } spec ? SpecFixedSize + Encoding.UTF8.GetMaxByteCount(spec.Symbol.Length) : 0)
        + (command.Secret is { } secret ? 6 + secret.Salt.Length + secret.Hash.Length : 0);

    /// <summary>The layout a command is written at: v2 only when it uses a field v1 lacks.</summary>
    public static byte VersionFor(in Command c) =>
        c.StopPrice != 0 || c.DisplayQuantity != 0 || c.ExpireTime != 0 || c.QuoteAmount != 0 ? (byte)2 : (byte)1;

    /// <summary>Writes the payload at <see cref="VersionFor"/>'s version; returns its length.</summary>
    public static int Encode(in Command c, Span<byte> destination)
    {
        var bodySize = VersionFor(c) == 2 ? BodySizeV2 : BodySize;
        var body = destination[..bodySize];
        body.Clear();
        BinaryPrimitives.WriteInt64LittleEndian(body, c.AccountId);
        BinaryPrimitives.WriteInt32LittleEndian(body[8..], c.InstrumentId);
        BinaryPrimitives.WriteInt32LittleEndian(body[12..], c.AssetId);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], c.ClientOrderId);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], c.OrderId);
        BinaryPrimitives.WriteInt64LittleEndian(body[32..], c.Price);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], c.Quantity);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], c.ProtectionPrice);
        body[56] = (byte)c.Side;
        body[57] = (byte)c.OrderType;
        body[58] = (byte)c.TimeInForce;
        body[59] = (byte)c.SelfTradePrevention;
        body[60] = c.PostOnly ? (byte)1 : (byte)0;
        if (bodySize == BodySizeV2)
        {
            BinaryPrimitives.WriteInt64LittleEndian(body[64..], c.StopPrice);
            BinaryPrimitives.WriteInt64LittleEndian(body[72..], c.DisplayQuantity);
            BinaryPrimitives.WriteInt64LittleEndian(body[80..], c.ExpireTime);
            BinaryPrimitives.WriteInt64LittleEndian(body[88..], c.QuoteAmount);
        }

        if (c.Type == CommandType.AddAccount && c.Secret is { } secret)
        {
            return bodySize + WriteSecret(secret, destination[bodySize..]);
        }

        if (c.Type != CommandType.AddInstrument || c.Instrument is not { } s)
        {
            return bodySize;
        }

        var spec = destination[bodySize..];
        BinaryPrimitives.WriteInt32LittleEndian(spec, s.Id);
        BinaryPrimitives.WriteInt32LittleEndian(spec[4..], s.BaseAsset);
        BinaryPrimitives.WriteInt32LittleEndian(spec[8..], s.QuoteAsset);
        var longs = spec[12..];
        long[] values = [s.TickSize, s.LotSize, s.MinQuantity, s.MaxQuantity, s.StartPrice, s.PriceBandTicks, s.PriceBandBps, s.MakerFeeBps, s.TakerFeeBps];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(longs[(i * 8)..], values[i]);
        }

        var symbolLength = Encoding.UTF8.GetBytes(s.Symbol, spec[SpecFixedSize..]);
        BinaryPrimitives.WriteUInt16LittleEndian(spec[(SpecFixedSize - 2)..], (ushort)symbolLength);
        return bodySize + SpecFixedSize + symbolLength;
    }

    /// <summary>Rebuilds a command from a record; sequence and timestamp come from the record header.</summary>
    /// <exception cref="InvalidDataException">An unknown version or a payload too short for its type.</exception>
    public static Command Decode(CommandType type, byte version, long sequence, long timestamp, ReadOnlySpan<byte> payload) => version switch
    {
        1 => DecodeV1(type, sequence, timestamp, payload, BodySize),
        2 => DecodeV2(type, sequence, timestamp, payload),
        _ => throw new InvalidDataException($"command {type} version {version} is not known to this build (newest {CurrentVersion})"),
    };

    /// <summary>v2 is the v1 body with four more fields after it; the instrument tail follows the longer body.</summary>
    private static Command DecodeV2(CommandType type, long sequence, long timestamp, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < BodySizeV2)
        {
            throw new InvalidDataException($"command {type} v2 payload is {payload.Length} bytes, at least {BodySizeV2} expected");
        }

        var c = DecodeV1(type, sequence, timestamp, payload, BodySizeV2);
        c.StopPrice = BinaryPrimitives.ReadInt64LittleEndian(payload[64..]);
        c.DisplayQuantity = BinaryPrimitives.ReadInt64LittleEndian(payload[72..]);
        c.ExpireTime = BinaryPrimitives.ReadInt64LittleEndian(payload[80..]);
        c.QuoteAmount = BinaryPrimitives.ReadInt64LittleEndian(payload[88..]);
        return c;
    }

    /// <summary>Reads the v1 fields; <paramref name="bodySize"/> says where an AddInstrument tail starts.</summary>
    private static Command DecodeV1(CommandType type, long sequence, long timestamp, ReadOnlySpan<byte> payload, int bodySize)
    {
        if (payload.Length < BodySize)
        {
            throw new InvalidDataException($"command {type} v1 payload is {payload.Length} bytes, at least {BodySize} expected");
        }

        var c = new Command
        {
            Type = type,
            Sequence = sequence,
            Timestamp = timestamp,
            AccountId = BinaryPrimitives.ReadInt64LittleEndian(payload),
            InstrumentId = BinaryPrimitives.ReadInt32LittleEndian(payload[8..]),
            AssetId = BinaryPrimitives.ReadInt32LittleEndian(payload[12..]),
            ClientOrderId = BinaryPrimitives.ReadInt64LittleEndian(payload[16..]),
            OrderId = BinaryPrimitives.ReadInt64LittleEndian(payload[24..]),
            Price = BinaryPrimitives.ReadInt64LittleEndian(payload[32..]),
            Quantity = BinaryPrimitives.ReadInt64LittleEndian(payload[40..]),
            ProtectionPrice = BinaryPrimitives.ReadInt64LittleEndian(payload[48..]),
            Side = (Side)payload[56],
            OrderType = (OrderType)payload[57],
            TimeInForce = (TimeInForce)payload[58],
            SelfTradePrevention = (SelfTradePrevention)payload[59],
            PostOnly = payload[60] != 0,
        };
        if (type == CommandType.AddAccount && payload.Length > bodySize)
        {
            c.Secret = ReadSecret(payload[bodySize..]);
            return c;
        }

        if (type != CommandType.AddInstrument || payload.Length == bodySize)
        {
            return c;
        }

        var spec = payload[bodySize..];
        if (spec.Length < SpecFixedSize)
        {
            throw new InvalidDataException("AddInstrument v1 payload is truncated inside the instrument");
        }

        var symbolLength = BinaryPrimitives.ReadUInt16LittleEndian(spec[(SpecFixedSize - 2)..]);
        if (spec.Length < SpecFixedSize + symbolLength)
        {
            throw new InvalidDataException("AddInstrument v1 payload is truncated inside the symbol");
        }

        c.Instrument = new InstrumentSpec(
            BinaryPrimitives.ReadInt32LittleEndian(spec), Encoding.UTF8.GetString(spec.Slice(SpecFixedSize, symbolLength)),
            BinaryPrimitives.ReadInt32LittleEndian(spec[4..]), BinaryPrimitives.ReadInt32LittleEndian(spec[8..]),
            SpecLong(spec, 0), SpecLong(spec, 1), SpecLong(spec, 2), SpecLong(spec, 3), SpecLong(spec, 4),
            SpecLong(spec, 5), SpecLong(spec, 6), SpecLong(spec, 7), SpecLong(spec, 8));
        return c;
    }

    private static int WriteSecret(SecretHash secret, Span<byte> tail)
    {
        BinaryPrimitives.WriteInt32LittleEndian(tail, secret.Iterations);
        tail[4] = (byte)secret.Salt.Length;
        secret.Salt.CopyTo(tail[5..]);
        var at = 5 + secret.Salt.Length;
        tail[at] = (byte)secret.Hash.Length;
        secret.Hash.CopyTo(tail[(at + 1)..]);
        return at + 1 + secret.Hash.Length;
    }

    private static SecretHash ReadSecret(ReadOnlySpan<byte> tail)
    {
        if (tail.Length < 6 || tail.Length < 6 + tail[4] || tail.Length < 6 + tail[4] + tail[5 + tail[4]])
        {
            throw new InvalidDataException("AddAccount payload is truncated inside the secret hash");
        }

        var salt = tail.Slice(5, tail[4]).ToArray();
        var at = 5 + salt.Length;
        return new SecretHash(salt, tail.Slice(at + 1, tail[at]).ToArray(), BinaryPrimitives.ReadInt32LittleEndian(tail));
    }

    private static long SpecLong(ReadOnlySpan<byte> spec, int index) => BinaryPrimitives.ReadInt64LittleEndian(spec[(12 + (index * 8))..]);
}
