using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>Self-trade prevention (decrement) took quantity off a live order; it stays where it stands (protocol version 3; older sessions get the first 56 bytes as an <see cref="OrderReplaced"/>).</summary>
/// <remarks>
/// Type 0x96, version 1, body 72 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Sequence | u64 | session application sequence |
/// | 8 | 8 | EngineSequence | u64 | engine command sequence |
/// | 16 | 8 | Timestamp | i64 | engine time, ns since the Unix epoch |
/// | 24 | 8 | OrderId | u64 | exchange order id |
/// | 32 | 8 | ClientOrderId | u64 | client order id |
/// | 40 | 8 | Price | i64 | the order's price (unchanged) |
/// | 48 | 8 | Leaves | i64 | open quantity after the reduction |
/// | 56 | 8 | Reduced | i64 | quantity taken off |
/// | 64 | 4 | Instrument | u32 | instrument id |
/// | 68 | 1 | Reason | u8 | CancelReason code: 4 self-trade prevention |
/// | 69 | 1 | Reserved1 | u8 | zero |
/// | 70 | 2 | Reserved2 | u16 | zero |
/// </code>
/// </remarks>
public readonly record struct OrderReduced(
    ulong Sequence,
    ulong EngineSequence,
    long Timestamp,
    ulong OrderId,
    ulong ClientOrderId,
    long Price,
    long Leaves,
    long Reduced,
    uint Instrument,
    byte Reason,
    byte Reserved1,
    ushort Reserved2) : IMessage<OrderReduced>
{
    public static MessageType Type => MessageType.OrderReduced;

    public static byte Version => 1;

    public static int BodySize => 72;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], EngineSequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], Timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(body[24..], OrderId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[32..], ClientOrderId);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], Leaves);
        BinaryPrimitives.WriteInt64LittleEndian(body[56..], Reduced);
        BinaryPrimitives.WriteUInt32LittleEndian(body[64..], Instrument);
        body[68] = Reason;
        body[69] = Reserved1;
        BinaryPrimitives.WriteUInt16LittleEndian(body[70..], Reserved2);
    }

    public static OrderReduced ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[48..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[56..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[64..]),
            body[68],
            body[69],
            BinaryPrimitives.ReadUInt16LittleEndian(body[70..]));
}
