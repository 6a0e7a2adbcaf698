using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>An order left the book without trading: canceled or expired.</summary>
/// <remarks>
/// Type 0x93, version 1, body 56 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Sequence | u64 | session application sequence |
/// | 8 | 8 | EngineSequence | u64 | engine command sequence |
/// | 16 | 8 | Timestamp | i64 | engine time |
/// | 24 | 8 | OrderId | u64 | exchange order id |
/// | 32 | 8 | ClientOrderId | u64 | client order id |
/// | 40 | 8 | Quantity | i64 | quantity canceled |
/// | 48 | 1 | Reason | u8 | CancelReason code |
/// | 49 | 1 | Expired | u8 | 1 if an IOC/FOK/market remainder expired |
/// | 50 | 2 | Reserved | u16 | zero |
/// | 52 | 4 | Instrument | u32 | instrument id |
/// </code>
/// </remarks>
public readonly record struct OrderCanceled(
    ulong Sequence,
    ulong EngineSequence,
    long Timestamp,
    ulong OrderId,
    ulong ClientOrderId,
    long Quantity,
    byte Reason,
    byte Expired,
    ushort Reserved,
    uint Instrument) : IMessage<OrderCanceled>
{
    public static MessageType Type => MessageType.OrderCanceled;

    public static byte Version => 1;

    public static int BodySize => 56;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], EngineSequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], Timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(body[24..], OrderId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[32..], ClientOrderId);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], Quantity);
        body[48] = Reason;
        body[49] = Expired;
        BinaryPrimitives.WriteUInt16LittleEndian(body[50..], Reserved);
        BinaryPrimitives.WriteUInt32LittleEndian(body[52..], Instrument);
    }

    public static OrderCanceled ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[40..]),
            body[48],
            body[49],
            BinaryPrimitives.ReadUInt16LittleEndian(body[50..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[52..]));
}
