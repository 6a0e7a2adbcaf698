using System.Buffers.Binary;
using Exchange.Core.Events;
using Exchange.Core.Orders;

namespace Exchange.Gateway.Replies;

/// <summary>An open order as the read model keeps it: what an open-order report says.</summary>
internal readonly record struct OpenOrder(
    long OrderId, long ClientOrderId, int Instrument, Side Side, OrderType OrderType, TimeInForce TimeInForce,
    long Price, long Quantity, long Leaves, long StopPrice, long DisplayQuantity, long ExpireTime)
{
    public const int Size = 8 + 8 + 4 + 3 + 8 + 8 + 8 + 8 + 8 + 8;

    public static OpenOrder From(in Event e) =>
        new(e.OrderId, e.ClientOrderId, e.InstrumentId, e.Side, e.OrderType, e.TimeInForce, e.Price, e.Quantity, e.Leaves, e.StopPrice, e.DisplayQuantity, e.ExpireTime);

    public void Write(Span<byte> to)
    {
        BinaryPrimitives.WriteInt64LittleEndian(to, OrderId);
        BinaryPrimitives.WriteInt64LittleEndian(to[8..], ClientOrderId);
        BinaryPrimitives.WriteInt32LittleEndian(to[16..], Instrument);
        to[20] = (byte)Side;
        to[21] = (byte)OrderType;
        to[22] = (byte)TimeInForce;
        BinaryPrimitives.WriteInt64LittleEndian(to[23..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(to[31..], Quantity);
        BinaryPrimitives.WriteInt64LittleEndian(to[39..], Leaves);
        BinaryPrimitives.WriteInt64LittleEndian(to[47..], StopPrice);
        BinaryPrimitives.WriteInt64LittleEndian(to[55..], DisplayQuantity);
        BinaryPrimitives.WriteInt64LittleEndian(to[63..], ExpireTime);
    }

    public static OpenOrder Read(ReadOnlySpan<byte> from) =>
        new(BinaryPrimitives.ReadInt64LittleEndian(from), BinaryPrimitives.ReadInt64LittleEndian(from[8..]), BinaryPrimitives.ReadInt32LittleEndian(from[16..]),
            (Side)from[20], (OrderType)from[21], (TimeInForce)from[22], Long(from, 0), Long(from, 1), Long(from, 2), Long(from, 3), Long(from, 4), Long(from, 5));

    private static long Long(ReadOnlySpan<byte> from, int index) => BinaryPrimitives.ReadInt64LittleEndian(from[(23 + (index * 8))..]);
}
