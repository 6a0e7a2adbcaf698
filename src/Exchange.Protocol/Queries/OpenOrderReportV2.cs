using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Queries;

/// <summary>
/// One open order with its type and the advanced-order fields, sent to sessions that logged in
/// with protocol version 2 (version 1 sessions get <see cref="OpenOrderReport"/>). A stop that has
/// not fired is listed with its order type (3 stop, 4 stop-limit) and stop price; an iceberg
/// with its display quantity.
/// </summary>
/// <remarks>
/// Type 0xB1, version 2, body 96 bytes: the 64 bytes of version 1, then
/// <code>
/// | offset | size | field | type | meaning |
/// | 64 | 1 | OrderType | u8 | 1 limit, 3 stop, 4 stop-limit (a fired stop shows the type it entered as) |
/// | 65 | 1 | TimeInForce | u8 | 1 GTC, 2 IOC, 3 FOK, 4 GTD, 5 day |
/// | 66 | 2 | Reserved2 | u16 | zero |
/// | 68 | 4 | Reserved3 | u32 | zero |
/// | 72 | 8 | StopPrice | i64 | stops: the trigger price |
/// | 80 | 8 | DisplayQuantity | i64 | icebergs: the slice size (0 = all shown) |
/// | 88 | 8 | ExpireTime | i64 | GTD and day orders: expiry, ns since the Unix epoch (0 = none) |
/// </code>
/// </remarks>
public readonly record struct OpenOrderReportV2(
    ulong Sequence,
    ulong ClientMessageId,
    ulong OrderId,
    ulong ClientOrderId,
    uint Instrument,
    byte Side,
    byte Flags,
    long Price,
    long Quantity,
    long Leaves,
    byte OrderType,
    byte TimeInForce,
    long StopPrice,
    long DisplayQuantity,
    long ExpireTime) : IMessage<OpenOrderReportV2>
{
    public static MessageType Type => MessageType.OpenOrderReport;

    public static byte Version => 2;

    public static int BodySize => 96;

    /// <summary>A version 1 report seen through the version 2 shape (the new fields zero, type limit).</summary>
    public static OpenOrderReportV2 From(OpenOrderReport v1) => new(
        v1.Sequence, v1.ClientMessageId, v1.OrderId, v1.ClientOrderId, v1.Instrument, v1.Side, v1.Flags, v1.Price, v1.Quantity, v1.Leaves, 1, 0, 0, 0, 0);

    public void WriteBody(Span<byte> body)
    {
        new OpenOrderReport(Sequence, ClientMessageId, OrderId, ClientOrderId, Instrument, Side, Flags, 0, Price, Quantity, Leaves).WriteBody(body);
        body[64] = OrderType;
        body[65] = TimeInForce;
        body[66..72].Clear();
        BinaryPrimitives.WriteInt64LittleEndian(body[72..], StopPrice);
        BinaryPrimitives.WriteInt64LittleEndian(body[80..], DisplayQuantity);
        BinaryPrimitives.WriteInt64LittleEndian(body[88..], ExpireTime);
    }

    public static OpenOrderReportV2 ReadBody(ReadOnlySpan<byte> body)
    {
        var v1 = OpenOrderReport.ReadBody(body);
        return new(v1.Sequence, v1.ClientMessageId, v1.OrderId, v1.ClientOrderId, v1.Instrument, v1.Side, v1.Flags, v1.Price, v1.Quantity, v1.Leaves,
            body[64], body[65],
            BinaryPrimitives.ReadInt64LittleEndian(body[72..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[80..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[88..]));
    }
}
