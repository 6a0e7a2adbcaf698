using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>
/// Replace with a stop price: changes a stop that has not fired (new stop price, limit price — 0
/// for a stop-market — and quantity). Version 2 of <see cref="MessageType.ReplaceOrder"/>; version 1 stays accepted.
/// </summary>
/// <remarks>
/// Type 0x12, version 2, body 48 bytes: the 40 bytes of version 1, then
/// <c>| 40 | 8 | StopPrice | i64 | new stop price (0 for orders that are not stops) |</c>.
/// </remarks>
public readonly record struct ReplaceOrderV2(
    ulong ClientMessageId,
    ulong OrderId,
    ulong ClientOrderId,
    long Price,
    long Quantity,
    long StopPrice) : IMessage<ReplaceOrderV2>
{
    public static MessageType Type => MessageType.ReplaceOrder;

    public static byte Version => 2;

    public static int BodySize => 48;

    public void WriteBody(Span<byte> body)
    {
        new ReplaceOrder(ClientMessageId, OrderId, ClientOrderId, Price, Quantity).WriteBody(body);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], StopPrice);
    }

    public static ReplaceOrderV2 ReadBody(ReadOnlySpan<byte> body)
    {
        var v1 = ReplaceOrder.ReadBody(body);
        return new(v1.ClientMessageId, v1.OrderId, v1.ClientOrderId, v1.Price, v1.Quantity, BinaryPrimitives.ReadInt64LittleEndian(body[40..]));
    }
}
