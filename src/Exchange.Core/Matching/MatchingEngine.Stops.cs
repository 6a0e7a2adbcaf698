using Exchange.Core.Book;
using Exchange.Core.Events;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;

namespace Exchange.Core.Matching;

/// <summary>
/// Stop and stop-limit orders. An accepted stop waits off the book in its instrument's stop queue
/// (holding its funds like a resting order) until the last trade price reaches its stop price:
/// buy stops fire when the last trade is at or above the stop, sell stops at or below.
/// </summary>
/// <remarks>
/// Fired stops enter after the command's own order has finished matching, one at a time, in a
/// fixed order: each side's queue yields its next stop (buys lowest stop price first, sells highest
/// first, ties by arrival), and when both sides have one due the earlier arrival goes first. After
/// each entered stop the last trade price is read again, so a stop's trades can fire further stops
/// within the same command (a cascade). Every decision reads only engine state, so replay repeats it.
/// </remarks>
public sealed partial class MatchingEngine
{
    /// <summary>Queues an accepted (or replaced) stop; it takes the next arrival number.</summary>
    private void Arm(Order order, Instrument instrument)
    {
        order.StopPriority = _nextStopPriority++;
        instrument.StopsOf(order.Side).Add(order);
    }

    /// <summary>Enters every stop the last trade price has reached, including those reached by the stops' own trades.</summary>
    private void TriggerStops(Instrument instrument)
    {
        while (NextFired(instrument) is { } order)
        {
            instrument.StopsOf(order.Side).Remove(order);
            Enter(order, instrument);
        }
    }

    /// <summary>Whether a stop at <paramref name="stopPrice"/> would fire on the last trade now (never before the first trade).</summary>
    private static bool FiresNow(Instrument instrument, Side side, long stopPrice) =>
        instrument.LastTradePrice != 0 && instrument.StopsOf(side).Fires(stopPrice, instrument.LastTradePrice);

    private static Order? NextFired(Instrument instrument)
    {
        var buy = instrument.BuyStops.Next;
        if (buy is not null && !FiresNow(instrument, Side.Buy, buy.StopPrice))
        {
            buy = null;
        }

        var sell = instrument.SellStops.Next;
        if (sell is not null && !FiresNow(instrument, Side.Sell, sell.StopPrice))
        {
            sell = null;
        }

        if (buy is null || sell is null)
        {
            return buy ?? sell;
        }

        return buy.StopPriority < sell.StopPriority ? buy : sell;
    }

    /// <summary>A fired stop becomes the market or limit order it stood for and trades as an aggressor.</summary>
    private void Enter(Order order, Instrument instrument)
    {
        order.OrderType = order.OrderType == OrderType.Stop ? OrderType.Market : OrderType.Limit;
        if (order.OrderType == OrderType.Market)
        {
            order.TimeInForce = TimeInForce.Ioc;
        }

        EmitForOrder(EventType.OrderTriggered, order);
        if (order.TimeInForce == TimeInForce.Fok
            && CheckFillOrKill(instrument.Book.Opposite(order.Side), order.Side, order.Price, order.Leaves, order.AccountId) != RejectReason.None)
        {
            CancelOrder(order, instrument, CancelReason.NotFilledImmediately, EventType.OrderExpired);
            return;
        }

        var stop = Match(order, instrument, TakerLimit(order, instrument, order.ProtectionPrice));
        Finish(order, instrument, stop);
    }
}
