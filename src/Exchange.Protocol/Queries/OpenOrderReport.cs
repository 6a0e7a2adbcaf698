using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Queries;

/// <summary>One open order, as of the last numbered reply before it. The last report has flag bit 1; no open orders gives one report with order id 0.</summary>
/// <remarks>
/// Type 0xB1, version 1, body 64 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Sequence | u64 | 0: reports are not part of the numbered stream |
/// | 8 | 8 | ClientMessageId | u64 | the query's id |
/// | 16 | 8 | OrderId | u64 | exchange order id (0 = none) |
/// | 24 | 8 | ClientOrderId | u64 | client order id |
/// | 32 | 4 | Instrument | u32 | instrument id |
/// | 36 | 1 | Side | u8 | 1 buy, 2 sell |
/// | 37 | 1 | Flags | u8 | bit 1: last report of the answer |
/// | 38 | 2 | Reserved | u16 | zero |
/// | 40 | 8 | Price | i64 | limit price |
/// | 48 | 8 | Quantity | i64 | total quantity |
/// | 56 | 8 | Leaves | i64 | open quantity |
/// </code>
/// </remarks>
public readonly record struct OpenOrderReport(
    ulong Sequence,
    ulong ClientMessageId,
    ulong OrderId,
    ulong ClientOrderId,
    uint Instrument,
    byte Side,
    byte Flags,
    ushort Reserved,
    long Price,
    long Quantity,
    long Leaves) : IMessage<OpenOrderReport>
{
    public static MessageType Type => MessageType.OpenOrderReport;

    public static byte Version => 1;

    public static int BodySize => 64;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], ClientMessageId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[16..], OrderId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[24..], ClientOrderId);
        BinaryPrimitives.WriteUInt32LittleEndian(body[32..], Instrument);
        body[36] = Side;
        body[37] = Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(body[38..], Reserved);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], Quantity);
        BinaryPrimitives.WriteInt64LittleEndian(body[56..], Leaves);
    }

    public static OpenOrderReport ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[32..]),
            body[36],
            body[37],
            BinaryPrimitives.ReadUInt16LittleEndian(body[38..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[48..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[56..]));
}
