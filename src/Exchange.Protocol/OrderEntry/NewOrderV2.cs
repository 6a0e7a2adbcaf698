using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>
/// Enters an order with the advanced fields: stop and stop-limit orders, icebergs, good-till-date
/// and quote-amount buys. Version 2 of <see cref="MessageType.NewOrder"/>; version 1 stays accepted.
/// </summary>
/// <remarks>
/// Type 0x10, version 2, body 84 bytes (after the 4-byte frame header), little-endian: the 52
/// bytes of version 1 (order types now also 3 stop, 4 stop-limit; time in force also 4 GTD,
/// 5 day), then:
/// <code>
/// | offset | size | field | type | meaning |
/// | 52 | 8 | StopPrice | i64 | stop and stop-limit: the trigger price (0 otherwise) |
/// | 60 | 8 | DisplayQuantity | i64 | iceberg: the shown slice (0 = show all) |
/// | 68 | 8 | ExpireTime | i64 | GTD: expiry, ns since the Unix epoch on the engine clock (0 otherwise) |
/// | 76 | 8 | QuoteAmount | i64 | market or IOC limit buy: quote to spend, fees included (0 = by quantity) |
/// </code>
/// </remarks>
public readonly record struct NewOrderV2(
    ulong ClientMessageId,
    ulong ClientOrderId,
    uint Instrument,
    byte Side,
    byte OrderType,
    byte TimeInForce,
    byte SelfTradePrevention,
    byte Flags,
    long Price,
    long Quantity,
    long ProtectionPrice,
    long StopPrice,
    long DisplayQuantity,
    long ExpireTime,
    long QuoteAmount) : IMessage<NewOrderV2>
{
    public static MessageType Type => MessageType.NewOrder;

    public static byte Version => 2;

    public static int BodySize => 84;

    /// <summary>A version 1 order in the version 2 shape (the new fields zero).</summary>
    public static NewOrderV2 From(in NewOrder v1) => new(v1.ClientMessageId, v1.ClientOrderId, v1.Instrument, v1.Side, v1.OrderType, v1.TimeInForce,
        v1.SelfTradePrevention, v1.Flags, v1.Price, v1.Quantity, v1.ProtectionPrice, 0, 0, 0, 0);

    public void WriteBody(Span<byte> body)
    {
        new NewOrder(ClientMessageId, ClientOrderId, Instrument, Side, OrderType, TimeInForce, SelfTradePrevention, Flags, 0, 0, Price, Quantity, ProtectionPrice)
            .WriteBody(body);
        BinaryPrimitives.WriteInt64LittleEndian(body[52..], StopPrice);
        BinaryPrimitives.WriteInt64LittleEndian(body[60..], DisplayQuantity);
        BinaryPrimitives.WriteInt64LittleEndian(body[68..], ExpireTime);
        BinaryPrimitives.WriteInt64LittleEndian(body[76..], QuoteAmount);
    }

    public static NewOrderV2 ReadBody(ReadOnlySpan<byte> body) => From(NewOrder.ReadBody(body)) with
    {
        StopPrice = BinaryPrimitives.ReadInt64LittleEndian(body[52..]),
        DisplayQuantity = BinaryPrimitives.ReadInt64LittleEndian(body[60..]),
        ExpireTime = BinaryPrimitives.ReadInt64LittleEndian(body[68..]),
        QuoteAmount = BinaryPrimitives.ReadInt64LittleEndian(body[76..]),
    };
}
