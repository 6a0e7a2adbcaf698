using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Orders;

namespace Exchange.Client;

/// <summary>
/// The exchange's answer to one order: accepted (it may already have traded; fills follow as
/// events) or rejected by the matching rules, with the reason. Both are also delivered, in order,
/// on <see cref="ExchangeClient.Messages"/> with everything else.
/// </summary>
public readonly record struct PlaceResult(OrderAccepted? Accepted, OrderRejected? Rejected)
{
    /// <summary>Whether the exchange accepted the order.</summary>
    public bool IsAccepted => Accepted.HasValue;

    /// <summary>The exchange's order id (0 if rejected).</summary>
    public long OrderId => Accepted is { } a ? (long)a.OrderId : 0;

    /// <summary>Why it was rejected (<see cref="OrderRejectReason.None"/> when accepted).</summary>
    public OrderRejectReason RejectReason => Rejected is { } r ? (OrderRejectReason)r.Reason : OrderRejectReason.None;
}
