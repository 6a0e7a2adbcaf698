using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>An order's price and open quantity changed.</summary>
/// <remarks>
/// Type 0x94, version 1, body 56 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Sequence | u64 | session application sequence |
/// | 8 | 8 | EngineSequence | u64 | engine command sequence |
/// | 16 | 8 | Timestamp | i64 | engine time |
/// | 24 | 8 | OrderId | u64 | exchange order id |
/// | 32 | 8 | ClientOrderId | u64 | client order id |
/// | 40 | 8 | Price | i64 | new price |
/// | 48 | 8 | Leaves | i64 | new open quantity |
/// </code>
/// </remarks>
public readonly record struct OrderReplaced(
    ulong Sequence,
    ulong EngineSequence,
    long Timestamp,
    ulong OrderId,
    ulong ClientOrderId,
    long Price,
    long Leaves) : IMessage<OrderReplaced>
{
    public static MessageType Type => MessageType.OrderReplaced;

    public static byte Version => 1;

    public static int BodySize => 56;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], EngineSequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], Timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(body[24..], OrderId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[32..], ClientOrderId);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], Leaves);
    }

    public static OrderReplaced ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[48..]));
}
