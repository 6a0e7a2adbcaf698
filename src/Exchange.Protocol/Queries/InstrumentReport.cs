using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Queries;

/// <summary>
/// One instrument's reference data, as of a command boundary: what a client needs to send valid orders
/// (tick, lot, quantity limits, the prices the band accepts now) and whether it trades. The last report
/// of an answer has flag bit 1; an answer with no instrument is one report with instrument 0.
/// </summary>
/// <remarks>
/// Type 0xB2, version 1, body 120 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | ClientMessageId | u64 | the query's id |
/// | 8 | 4 | Instrument | u32 | instrument id (0 = none) |
/// | 12 | 1 | Status | u8 | 1 trading, 2 halted |
/// | 13 | 1 | Flags | u8 | bit 1: last report of the answer |
/// | 14 | 2 | Reserved | u16 | zero |
/// | 16 | 4 | BaseAsset | u32 | asset id of the quantity |
/// | 20 | 4 | QuoteAsset | u32 | asset id of the price |
/// | 24 | 8 | TickSize | i64 | prices are multiples of it |
/// | 32 | 8 | LotSize | i64 | quantities are multiples of it |
/// | 40 | 8 | MinQuantity | i64 | smallest order quantity |
/// | 48 | 8 | MaxQuantity | i64 | largest order quantity |
/// | 56 | 8 | BandLow | i64 | lowest limit price accepted now (1: no band) |
/// | 64 | 8 | BandHigh | i64 | highest limit price accepted now (2^63-1: no band) |
/// | 72 | 8 | LastTradePrice | i64 | 0 before the first trade |
/// | 80 | 8 | MakerFeeBps | i64 | maker fee, basis points (negative: rebate) |
/// | 88 | 32 | Symbol | str32 | symbol, UTF-8, zero-padded |
/// </code>
/// </remarks>
public readonly record struct InstrumentReport(
    ulong ClientMessageId,
    uint Instrument,
    byte Status,
    byte Flags,
    ushort Reserved,
    uint BaseAsset,
    uint QuoteAsset,
    long TickSize,
    long LotSize,
    long MinQuantity,
    long MaxQuantity,
    long BandLow,
    long BandHigh,
    long LastTradePrice,
    long MakerFeeBps,
    string Symbol) : IMessage<InstrumentReport>
{
    public static MessageType Type => MessageType.InstrumentReport;

    public static byte Version => 1;

    public static int BodySize => 120;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], ClientMessageId);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], Instrument);
        body[12] = Status;
        body[13] = Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(body[14..], Reserved);
        BinaryPrimitives.WriteUInt32LittleEndian(body[16..], BaseAsset);
        BinaryPrimitives.WriteUInt32LittleEndian(body[20..], QuoteAsset);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], TickSize);
        BinaryPrimitives.WriteInt64LittleEndian(body[32..], LotSize);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], MinQuantity);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], MaxQuantity);
        BinaryPrimitives.WriteInt64LittleEndian(body[56..], BandLow);
        BinaryPrimitives.WriteInt64LittleEndian(body[64..], BandHigh);
        BinaryPrimitives.WriteInt64LittleEndian(body[72..], LastTradePrice);
        BinaryPrimitives.WriteInt64LittleEndian(body[80..], MakerFeeBps);
        Session.Utf8Field32.Write(body.Slice(88, 32), Symbol);
    }

    public static InstrumentReport ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            body[12],
            body[13],
            BinaryPrimitives.ReadUInt16LittleEndian(body[14..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[20..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[48..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[56..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[64..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[72..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[80..]),
            Session.Utf8Field32.Read(body.Slice(88, 32)));
}
