using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>Cancels one of the account's orders, by exchange order id or (order id 0) by client order id.</summary>
/// <remarks>
/// Type 0x11, version 1, body 24 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | ClientMessageId | u64 | client's id of this message |
/// | 8 | 8 | OrderId | u64 | exchange order id, or 0 |
/// | 16 | 8 | ClientOrderId | u64 | client order id when order id is 0 |
/// </code>
/// </remarks>
public readonly record struct CancelOrder(
    ulong ClientMessageId,
    ulong OrderId,
    ulong ClientOrderId) : IMessage<CancelOrder>
{
    public static MessageType Type => MessageType.CancelOrder;

    public static byte Version => 1;

    public static int BodySize => 24;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], ClientMessageId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], OrderId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[16..], ClientOrderId);
    }

    public static CancelOrder ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[16..]));
}
