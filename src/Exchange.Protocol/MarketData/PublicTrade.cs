using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.MarketData;

/// <summary>A trade on an instrument (no account information).</summary>
/// <remarks>
/// Type 0xA1, version 1, body 48 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | InstrumentSequence | u64 | per-instrument market-data sequence |
/// | 8 | 4 | Instrument | u32 | instrument id |
/// | 12 | 1 | AggressorSide | u8 | 1 buy, 2 sell |
/// | 13 | 1 | Reserved1 | u8 | zero |
/// | 14 | 2 | Reserved2 | u16 | zero |
/// | 16 | 8 | TradeId | u64 | trade id |
/// | 24 | 8 | Price | i64 | price |
/// | 32 | 8 | Quantity | i64 | quantity |
/// | 40 | 8 | Timestamp | i64 | engine time |
/// </code>
/// </remarks>
public readonly record struct PublicTrade(
    ulong InstrumentSequence,
    uint Instrument,
    byte AggressorSide,
    byte Reserved1,
    ushort Reserved2,
    ulong TradeId,
    long Price,
    long Quantity,
    long Timestamp) : IMessage<PublicTrade>
{
    public static MessageType Type => MessageType.PublicTrade;

    public static byte Version => 1;

    public static int BodySize => 48;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], InstrumentSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], Instrument);
        body[12] = AggressorSide;
        body[13] = Reserved1;
        BinaryPrimitives.WriteUInt16LittleEndian(body[14..], Reserved2);
        BinaryPrimitives.WriteUInt64LittleEndian(body[16..], TradeId);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(body[32..], Quantity);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], Timestamp);
    }

    public static PublicTrade ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            body[12],
            body[13],
            BinaryPrimitives.ReadUInt16LittleEndian(body[14..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[40..]));
}
