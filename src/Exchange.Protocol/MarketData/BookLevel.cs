using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.MarketData;

/// <summary>One price level's new aggregate (quantity 0 = level gone); part of a snapshot or an increment.</summary>
/// <remarks>
/// Type 0xA0, version 1, body 40 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | InstrumentSequence | u64 | per-instrument market-data sequence |
/// | 8 | 4 | Instrument | u32 | instrument id |
/// | 12 | 1 | Side | u8 | 1 bid, 2 ask |
/// | 13 | 1 | Flags | u8 | bit 0: part of a snapshot; bit 1: last of the snapshot |
/// | 14 | 2 | Reserved | u16 | zero |
/// | 16 | 8 | Price | i64 | price |
/// | 24 | 8 | Quantity | i64 | total open quantity at the price |
/// | 32 | 4 | Orders | u32 | number of orders at the price |
/// | 36 | 4 | Reserved2 | u32 | zero |
/// </code>
/// </remarks>
public readonly record struct BookLevel(
    ulong InstrumentSequence,
    uint Instrument,
    byte Side,
    byte Flags,
    ushort Reserved,
    long Price,
    long Quantity,
    uint Orders,
    uint Reserved2) : IMessage<BookLevel>
{
    public static MessageType Type => MessageType.BookLevel;

    public static byte Version => 1;

    public static int BodySize => 40;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], InstrumentSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], Instrument);
        body[12] = Side;
        body[13] = Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(body[14..], Reserved);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], Quantity);
        BinaryPrimitives.WriteUInt32LittleEndian(body[32..], Orders);
        BinaryPrimitives.WriteUInt32LittleEndian(body[36..], Reserved2);
    }

    public static BookLevel ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            body[12],
            body[13],
            BinaryPrimitives.ReadUInt16LittleEndian(body[14..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[32..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[36..]));
}
