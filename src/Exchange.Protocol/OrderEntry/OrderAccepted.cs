using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>An order was accepted (it may trade at once).</summary>
/// <remarks>
/// Type 0x90, version 1, body 64 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Sequence | u64 | session application sequence |
/// | 8 | 8 | EngineSequence | u64 | engine command sequence |
/// | 16 | 8 | Timestamp | i64 | engine time, ns since the Unix epoch |
/// | 24 | 8 | OrderId | u64 | exchange order id |
/// | 32 | 8 | ClientOrderId | u64 | client order id |
/// | 40 | 4 | Instrument | u32 | instrument id |
/// | 44 | 1 | Side | u8 | 1 buy, 2 sell |
/// | 45 | 1 | Reserved1 | u8 | zero |
/// | 46 | 2 | Reserved2 | u16 | zero |
/// | 48 | 8 | Price | i64 | price (0 for market) |
/// | 56 | 8 | Quantity | i64 | quantity |
/// </code>
/// </remarks>
public readonly record struct OrderAccepted(
    ulong Sequence,
    ulong EngineSequence,
    long Timestamp,
    ulong OrderId,
    ulong ClientOrderId,
    uint Instrument,
    byte Side,
    byte Reserved1,
    ushort Reserved2,
    long Price,
    long Quantity) : IMessage<OrderAccepted>
{
    public static MessageType Type => MessageType.OrderAccepted;

    public static byte Version => 1;

    public static int BodySize => 64;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], EngineSequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], Timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(body[24..], OrderId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[32..], ClientOrderId);
        BinaryPrimitives.WriteUInt32LittleEndian(body[40..], Instrument);
        body[44] = Side;
        body[45] = Reserved1;
        BinaryPrimitives.WriteUInt16LittleEndian(body[46..], Reserved2);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(body[56..], Quantity);
    }

    public static OrderAccepted ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[32..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[40..]),
            body[44],
            body[45],
            BinaryPrimitives.ReadUInt16LittleEndian(body[46..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[48..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[56..]));
}
