using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>Sets a new price and open quantity on one of the account's orders.</summary>
/// <remarks>
/// Type 0x12, version 1, body 40 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | ClientMessageId | u64 | client's id of this message |
/// | 8 | 8 | OrderId | u64 | exchange order id, or 0 |
/// | 16 | 8 | ClientOrderId | u64 | client order id when order id is 0 |
/// | 24 | 8 | Price | i64 | new price |
/// | 32 | 8 | Quantity | i64 | new open quantity |
/// </code>
/// </remarks>
public readonly record struct ReplaceOrder(
    ulong ClientMessageId,
    ulong OrderId,
    ulong ClientOrderId,
    long Price,
    long Quantity) : IMessage<ReplaceOrder>
{
    public static MessageType Type => MessageType.ReplaceOrder;

    public static byte Version => 1;

    public static int BodySize => 40;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], ClientMessageId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], OrderId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[16..], ClientOrderId);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(body[32..], Quantity);
    }

    public static ReplaceOrder ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[32..]));
}
