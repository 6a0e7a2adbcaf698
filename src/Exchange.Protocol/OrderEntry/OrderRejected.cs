using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>A command was refused; nothing changed.</summary>
/// <remarks>
/// Type 0x91, version 1, body 44 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Sequence | u64 | session application sequence |
/// | 8 | 8 | EngineSequence | u64 | engine command sequence (0 if refused before the engine) |
/// | 16 | 8 | Timestamp | i64 | engine time |
/// | 24 | 8 | ClientOrderId | u64 | client order id of the command |
/// | 32 | 8 | OrderId | u64 | order id of the command |
/// | 40 | 2 | Reason | u16 | RejectReason code (docs/matching-rules.md) |
/// | 42 | 1 | CommandType | u8 | 1 new, 2 cancel, 3 replace, 4 mass cancel |
/// | 43 | 1 | Reserved | u8 | zero |
/// </code>
/// </remarks>
public readonly record struct OrderRejected(
    ulong Sequence,
    ulong EngineSequence,
    long Timestamp,
    ulong ClientOrderId,
    ulong OrderId,
    ushort Reason,
    byte CommandType,
    byte Reserved) : IMessage<OrderRejected>
{
    public static MessageType Type => MessageType.OrderRejected;

    public static byte Version => 1;

    public static int BodySize => 44;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], EngineSequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], Timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(body[24..], ClientOrderId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[32..], OrderId);
        BinaryPrimitives.WriteUInt16LittleEndian(body[40..], Reason);
        body[42] = CommandType;
        body[43] = Reserved;
    }

    public static OrderRejected ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[32..]),
            BinaryPrimitives.ReadUInt16LittleEndian(body[40..]),
            body[42],
            body[43]);
}
