using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Testing;

namespace Exchange.Core.Tests.Matching;

public sealed class StopOrderTests : EngineFixture
{
    /// <summary>A trade at <paramref name="price"/> between Alice (seller) and Bob (buyer), to move the last trade price.</summary>
    private void TradeAt(long price, long quantity = 1)
    {
        Rest(Alice, Side.Sell, price, quantity);
        Assert.Contains(EventType.TradeExecuted, Types(Buy(Bob, price, quantity)));
    }

    [Fact]
    public void A_stop_waits_off_the_book_holding_its_funds()
    {
        TradeAt(100);
        var accepted = OnlyOne(Submit(Command.PlaceStopLimit(Carol, Instrument, 1, Side.Buy, 105, 106, 10)), EventType.OrderAccepted);
        Assert.Equal(OrderType.StopLimit, accepted.OrderType);
        Assert.Equal(105, accepted.StopPrice);
        Span<Queries.DepthLevel> bids = new Queries.DepthLevel[4];
        Assert.Equal(0, Exchange.Engine.GetDepth(Instrument, Side.Buy, bids));
        Assert.Equal(1_060, Exchange.Engine.GetBalance(Carol, Specs.Usd).Held);
    }

    [Fact]
    public void A_buy_stop_fires_when_the_last_trade_reaches_it_and_enters_as_a_market_order()
    {
        TradeAt(100);
        var stop = OnlyOne(Submit(Command.PlaceStop(Carol, Instrument, 1, Side.Buy, 102, 5, protectionPrice: 110)), EventType.OrderAccepted).OrderId;
        Rest(Alice, Side.Sell, 101, 1);
        Rest(Alice, Side.Sell, 103, 10);
        Assert.DoesNotContain(EventType.OrderTriggered, Types(Buy(Bob, 101, 1))); // last 101 < 102: nothing

        var events = TradeAndCollect(102);
        var triggered = OnlyOne(events, EventType.OrderTriggered);
        Assert.Equal(stop, triggered.OrderId);
        Assert.Equal(OrderType.Market, triggered.OrderType);
        var fill = events.Single(e => e.Type == EventType.TradeExecuted && e.OrderId == stop);
        Assert.Equal((103L, 5L), (fill.Price, fill.Quantity));
        Assert.False(Exchange.Engine.TryGetOrder(stop, out _));
        Assert.Equal(0, Exchange.Engine.GetBalance(Carol, Specs.Usd).Held);
    }

    private Event[] TradeAndCollect(long price)
    {
        Rest(Alice, Side.Sell, price, 1);
        return Buy(Bob, price, 1);
    }

    [Fact]
    public void A_sell_stop_limit_fires_at_or_below_its_stop_and_rests_at_its_limit()
    {
        TradeAt(100);
        var stop = OnlyOne(Submit(Command.PlaceStopLimit(Carol, Instrument, 1, Side.Sell, 98, 97, 10)), EventType.OrderAccepted).OrderId;
        Rest(Bob, Side.Buy, 98, 1);
        var events = Sell(Alice, 98, 1);
        Assert.Equal(stop, OnlyOne(events, EventType.OrderTriggered).OrderId);
        Assert.True(Exchange.Engine.TryGetOrder(stop, out var order));
        Assert.Equal((OrderType.Limit, 97L, 10L), (order.OrderType, order.Price, order.Leaves));
        Assert.Single(Exchange.Engine.GetOrdersAtLevel(Instrument, Side.Sell, 97));
    }

    [Fact]
    public void Stops_fired_by_one_trade_enter_by_stop_price_then_arrival_and_cascade()
    {
        TradeAt(100);
        // Sell stops: 99 (first arrival), 99 (second), 98. A trade at 98 fires them all: 99a, 99b, then 98.
        var a = OnlyOne(Submit(Command.PlaceStop(Carol, Instrument, 1, Side.Sell, 99, 1)), EventType.OrderAccepted).OrderId;
        var c = OnlyOne(Submit(Command.PlaceStop(Carol, Instrument, 2, Side.Sell, 98, 1)), EventType.OrderAccepted).OrderId;
        var b = OnlyOne(Submit(Command.PlaceStop(Carol, Instrument, 3, Side.Sell, 99, 1)), EventType.OrderAccepted).OrderId;
        // And one at 95 that only the stops' own trades reach: bids at 98 (1), 97 (1), 95 (2).
        var cascade = OnlyOne(Submit(Command.PlaceStop(Carol, Instrument, 4, Side.Sell, 95, 1)), EventType.OrderAccepted).OrderId;
        Rest(Bob, Side.Buy, 98, 1);
        Rest(Bob, Side.Buy, 97, 1);
        Rest(Bob, Side.Buy, 95, 3);

        var events = Sell(Alice, 98, 1); // trades at 98 with Bob
        var fired = events.Where(e => e.Type == EventType.OrderTriggered).Select(e => e.OrderId).ToArray();
        Assert.Equal([a, b, c, cascade], fired);
        Assert.All(events, e => Assert.Equal(events[0].Sequence, e.Sequence)); // all within the one command
    }

    [Fact]
    public void A_stop_that_would_fire_at_once_is_rejected()
    {
        TradeAt(100);
        Assert.Equal(RejectReason.StopWouldTrigger, RejectOf(Submit(Command.PlaceStop(Carol, Instrument, 1, Side.Buy, 100, 1, protectionPrice: 120))));
        Assert.Equal(RejectReason.StopWouldTrigger, RejectOf(Submit(Command.PlaceStop(Carol, Instrument, 2, Side.Sell, 101, 1))));
    }

    [Fact]
    public void Before_any_trade_no_stop_fires_and_none_is_refused_for_firing()
    {
        var events = Submit(Command.PlaceStop(Carol, Instrument, 1, Side.Sell, 1_000, 1));
        Assert.Equal(EventType.OrderAccepted, Assert.Single(events).Type);
    }

    [Theory]
    [InlineData(0, RejectReason.InvalidStopPrice)]
    [InlineData(-5, RejectReason.InvalidStopPrice)]
    public void Bad_stop_prices_are_rejected(long stopPrice, RejectReason reason) =>
        Assert.Equal(reason, RejectOf(Submit(Command.PlaceStop(Carol, Instrument, 1, Side.Sell, stopPrice, 1))));

    [Fact]
    public void A_stop_price_on_a_limit_order_and_an_ioc_stop_market_are_rejected()
    {
        var limit = Command.PlaceLimit(Carol, Instrument, 1, Side.Buy, 100, 1);
        limit.StopPrice = 90;
        Assert.Equal(RejectReason.InvalidStopPrice, RejectOf(Submit(limit)));
        Assert.Equal(RejectReason.InvalidTimeInForce, RejectOf(Submit(Command.PlaceStop(Carol, Instrument, 2, Side.Sell, 90, 1, tif: TimeInForce.Ioc))));
    }

    [Fact]
    public void A_stop_market_buy_holds_at_its_protection_price_or_the_band_top_around_its_stop()
    {
        // No band on the plain instrument: a protection price is required.
        Assert.Equal(RejectReason.ProtectionPriceRequired, RejectOf(Submit(Command.PlaceStop(Carol, Instrument, 1, Side.Buy, 105, 10))));
        Submit(Command.PlaceStop(Carol, Instrument, 2, Side.Buy, 105, 10, protectionPrice: 120));
        Assert.Equal(1_200, Exchange.Engine.GetBalance(Carol, Specs.Usd).Held);

        // With a ±10 % band the hold is priced at 110 % of the stop price (plus the larger fee).
        var banded = new TestExchange().WithInstrument(Specs.BtcUsd(makerFeeBps: 10, takerFeeBps: 20, bandBps: 1_000)).WithAccount(Carol, (Specs.Usd, 10_000_000));
        banded.Submit(Command.PlaceStop(Carol, Specs.BtcUsdId, 1, Side.Buy, 10_000, 5));
        Assert.Equal(Core.Matching.Fees.BuyHold(11_000, 5, 20), banded.Engine.GetBalance(Carol, Specs.Usd).Held);
    }

    [Fact]
    public void A_fired_stop_market_buy_cannot_overspend_its_hold()
    {
        TradeAt(100);
        Submit(Command.PlaceStop(Carol, Instrument, 1, Side.Buy, 101, 10, protectionPrice: 105)); // holds 1,050
        Rest(Alice, Side.Sell, 101, 1);
        Rest(Alice, Side.Sell, 104, 4);
        Rest(Alice, Side.Sell, 106, 20); // beyond the protection price: never reached
        var events = Buy(Bob, 101, 1);
        var fills = events.Where(e => e.Type == EventType.TradeExecuted && e.AccountId == Carol).ToArray();
        Assert.Equal([104L], fills.Select(f => f.Price).Distinct());
        Assert.Equal(CancelReason.PriceProtection, OnlyOne(events, EventType.OrderExpired).CancelReason);
        Assert.Equal(0, Exchange.Engine.GetBalance(Carol, Specs.Usd).Held);
        Assert.Equal(1_000_000 - (4 * 104), Exchange.Engine.GetBalance(Carol, Specs.Usd).Available);
    }

    [Fact]
    public void Replace_moves_a_stop_and_renews_its_arrival()
    {
        TradeAt(100);
        var first = OnlyOne(Submit(Command.PlaceStop(Carol, Instrument, 1, Side.Sell, 97, 1)), EventType.OrderAccepted).OrderId;
        var second = OnlyOne(Submit(Command.PlaceStop(Carol, Instrument, 2, Side.Sell, 98, 1)), EventType.OrderAccepted).OrderId;
        var replaced = OnlyOne(Submit(Command.Replace(Carol, first, 0, 2, newStopPrice: 98)), EventType.OrderReplaced);
        Assert.Equal((98L, 2L), (replaced.StopPrice, replaced.Leaves));

        Rest(Bob, Side.Buy, 98, 1);
        Rest(Bob, Side.Buy, 90, 10);
        var fired = Sell(Alice, 98, 1).Where(e => e.Type == EventType.OrderTriggered).Select(e => e.OrderId);
        Assert.Equal([second, first], fired); // same stop price: the replaced one is now the later arrival
    }

    [Fact]
    public void Replace_rules_for_stops()
    {
        TradeAt(100);
        var stop = OnlyOne(Submit(Command.PlaceStop(Carol, Instrument, 1, Side.Sell, 95, 1)), EventType.OrderAccepted).OrderId;
        Assert.Equal(RejectReason.InvalidStopPrice, RejectOf(Submit(Command.Replace(Carol, stop, 0, 1)))); // a stop needs its stop price
        Assert.Equal(RejectReason.InvalidPrice, RejectOf(Submit(Command.Replace(Carol, stop, 90, 1, newStopPrice: 95)))); // a stop-market has no limit
        Assert.Equal(RejectReason.StopWouldTrigger, RejectOf(Submit(Command.Replace(Carol, stop, 0, 1, newStopPrice: 100))));
        var limit = Rest(Carol, Side.Buy, 90, 1);
        Assert.Equal(RejectReason.InvalidStopPrice, RejectOf(Submit(Command.Replace(Carol, limit, 90, 1, newStopPrice: 95))));
    }

    [Fact]
    public void Cancel_and_mass_cancel_remove_stops_and_release_their_holds()
    {
        TradeAt(100);
        var stop = OnlyOne(Submit(Command.PlaceStopLimit(Carol, Instrument, 1, Side.Buy, 105, 106, 10)), EventType.OrderAccepted).OrderId;
        Submit(Command.PlaceStop(Carol, Instrument, 2, Side.Sell, 95, 3));
        Assert.Equal(CancelReason.Requested, OnlyOne(Submit(Command.Cancel(Carol, stop)), EventType.OrderCanceled).CancelReason);
        Assert.Equal(1, OnlyOne(Submit(Command.MassCancel(Carol)), EventType.MassCancelCompleted).Quantity);
        Assert.Equal(0, Exchange.Engine.GetBalance(Carol, Specs.Usd).Held);
        Assert.Equal(0, Exchange.Engine.GetBalance(Carol, Specs.Btc).Held);
        TradeAt(110); // nothing left to fire
        TradeAt(90);
    }

    [Fact]
    public void A_fill_or_kill_stop_limit_that_cannot_fill_when_fired_expires()
    {
        TradeAt(100);
        var stop = OnlyOne(Submit(Command.PlaceStopLimit(Carol, Instrument, 1, Side.Buy, 101, 101, 50, TimeInForce.Fok)), EventType.OrderAccepted).OrderId;
        Rest(Alice, Side.Sell, 101, 2);
        var events = Buy(Bob, 101, 1);
        Assert.Equal(stop, OnlyOne(events, EventType.OrderTriggered).OrderId);
        var expired = OnlyOne(events, EventType.OrderExpired);
        Assert.Equal((stop, CancelReason.NotFilledImmediately), (expired.OrderId, expired.CancelReason));
    }
}
