using Exchange.Core.Orders;

namespace Exchange.Core.Queries;

/// <summary>A copy of a live order for tooling; the engine's own orders are pooled and must not escape.</summary>
public readonly record struct OrderView(
    long OrderId,
    long AccountId,
    long ClientOrderId,
    int InstrumentId,
    Side Side,
    OrderType OrderType,
    TimeInForce TimeInForce,
    SelfTradePrevention SelfTradePrevention,
    bool PostOnly,
    long Price,
    long Quantity,
    long Leaves,
    long Filled,
    long Held,
    long Timestamp,
    long StopPrice = 0,
    long DisplayQuantity = 0,
    long Shown = 0,
    long ExpireTime = 0)
{
    /// <summary>A stop that has not fired: off the book, invisible to market data.</summary>
    public bool IsArmedStop => OrderType is OrderType.Stop or OrderType.StopLimit;
}
