using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Testing;

namespace Exchange.Core.Tests.Matching;

public sealed class MatchingTests : EngineFixture
{
    [Fact]
    public void Trades_at_the_resting_price_with_price_then_time_priority()
    {
        var first = Rest(Alice, Side.Sell, 101, 5);
        var second = Rest(Bob, Side.Sell, 101, 5);
        var better = Rest(Bob, Side.Sell, 100, 5);

        var events = Buy(Carol, 105, 12);
        var trades = events.Where(e => e.Type == EventType.TradeExecuted).ToArray();
        Assert.Equal([better, first, second], trades.Select(t => t.MakerOrderId));
        Assert.Equal([100L, 101, 101], trades.Select(t => t.Price));
        Assert.Equal([5L, 5, 2], trades.Select(t => t.Quantity));
        Assert.Equal([7L, 2, 0], trades.Select(t => t.Leaves));
        Assert.Equal(3, trades[2].MakerLeaves);
        Assert.Equal([1L, 2, 3], trades.Select(t => t.TradeId));
    }

    [Fact]
    public void Events_come_in_order_accepted_then_trades()
    {
        Rest(Alice, Side.Sell, 100, 5);
        Assert.Equal([EventType.OrderAccepted, EventType.TradeExecuted], Types(Buy(Bob, 100, 5)));
    }

    [Fact]
    public void Partial_fill_rests_the_remainder_at_the_limit()
    {
        Rest(Alice, Side.Sell, 100, 5);
        var events = Buy(Bob, 102, 8);
        var id = events[0].OrderId;
        Assert.True(Exchange.Engine.TryGetOrder(id, out var order));
        Assert.Equal(3, order.Leaves);
        Assert.Equal(5, order.Filled);
        Assert.Equal(102, order.Price);
    }

    [Fact]
    public void Settlement_moves_assets_and_releases_the_price_improvement()
    {
        Rest(Alice, Side.Sell, 100, 5);
        Buy(Bob, 110, 5);
        Assert.Equal(new(Specs.Usd, 999_500, 0), Exchange.Engine.GetBalance(Bob, Specs.Usd));
        Assert.Equal(new(Specs.Btc, 1_005, 0), Exchange.Engine.GetBalance(Bob, Specs.Btc));
        Assert.Equal(new(Specs.Usd, 1_000_500, 0), Exchange.Engine.GetBalance(Alice, Specs.Usd));
        Assert.Equal(new(Specs.Btc, 995, 0), Exchange.Engine.GetBalance(Alice, Specs.Btc));
    }

    [Fact]
    public void Ioc_remainder_expires()
    {
        Rest(Alice, Side.Sell, 100, 5);
        var events = Buy(Bob, 100, 8, tif: TimeInForce.Ioc);
        Assert.Equal([EventType.OrderAccepted, EventType.TradeExecuted, EventType.OrderExpired], Types(events));
        Assert.Equal(3, events[2].Quantity);
        Assert.Equal(CancelReason.NotFilledImmediately, events[2].CancelReason);
        Assert.Equal(0, Exchange.Engine.OpenOrderCount);
        Assert.Equal(0, Exchange.Engine.GetBalance(Bob, Specs.Usd).Held);
    }

    [Fact]
    public void Fok_fills_completely_or_is_rejected_without_effect()
    {
        Rest(Alice, Side.Sell, 100, 5);
        Rest(Alice, Side.Sell, 101, 5);
        Assert.Equal(RejectReason.FokNotFillable, RejectOf(Buy(Bob, 101, 11, tif: TimeInForce.Fok)));
        Assert.Equal(RejectReason.FokNotFillable, RejectOf(Buy(Bob, 100, 6, tif: TimeInForce.Fok)));
        var filled = Buy(Bob, 101, 10, tif: TimeInForce.Fok);
        Assert.Equal(2, filled.Count(e => e.Type == EventType.TradeExecuted));
        Assert.Equal(0, Exchange.Engine.OpenOrderCount);
    }

    [Fact]
    public void Fok_that_would_meet_its_own_order_is_rejected()
    {
        Rest(Bob, Side.Sell, 100, 5);
        Rest(Alice, Side.Sell, 100, 5);
        Assert.Equal(RejectReason.SelfTrade, RejectOf(Buy(Alice, 100, 10, tif: TimeInForce.Fok)));
        Assert.Single(Buy(Alice, 100, 5, tif: TimeInForce.Fok), e => e.Type == EventType.TradeExecuted);
    }

    [Fact]
    public void Post_only_that_would_take_liquidity_is_rejected()
    {
        Rest(Alice, Side.Sell, 100, 5);
        var cross = Command.PlaceLimit(Bob, Instrument, 1, Side.Buy, 100, 1, postOnly: true);
        Assert.Equal(RejectReason.PostOnlyWouldCross, RejectOf(Submit(cross)));
        var passive = Command.PlaceLimit(Bob, Instrument, 1, Side.Buy, 99, 1, postOnly: true);
        Assert.Equal([EventType.OrderAccepted], Types(Submit(passive)));
    }

    [Fact]
    public void Market_order_sweeps_levels_and_expires_the_rest_when_the_book_is_empty()
    {
        Rest(Alice, Side.Sell, 100, 5);
        Rest(Alice, Side.Sell, 105, 5);
        var events = Submit(Command.PlaceMarket(Bob, Instrument, 1, Side.Buy, 12));
        Assert.Equal([EventType.OrderAccepted, EventType.TradeExecuted, EventType.TradeExecuted, EventType.OrderExpired], Types(events));
        Assert.Equal(2, events[3].Quantity);
        Assert.Equal(CancelReason.NotFilledImmediately, events[3].CancelReason);
        Assert.Equal(new(Specs.Usd, 1_000_000 - 1_025, 0), Exchange.Engine.GetBalance(Bob, Specs.Usd));
    }

    [Fact]
    public void Market_buy_is_limited_by_available_quote()
    {
        var exchange = new TestExchange().WithInstrument(Specs.Plain())
            .WithAccount(Alice, (Specs.Btc, 100)).WithAccount(Bob, (Specs.Usd, 1_050));
        exchange.Submit(Command.PlaceLimit(Alice, Instrument, 1, Side.Sell, 100, 50));
        var events = exchange.Submit(Command.PlaceMarket(Bob, Instrument, 1, Side.Buy, 50));
        Assert.Equal(10, events[1].Quantity);
        Assert.Equal(EventType.BalanceChanged, events[5].Type); // four balance events follow the fill
        Assert.Equal(EventType.OrderExpired, events[6].Type);
        Assert.Equal(CancelReason.InsufficientBalance, events[6].CancelReason);
        Assert.Equal(new(Specs.Usd, 50, 0), exchange.Engine.GetBalance(Bob, Specs.Usd));
        Invariants.Check(exchange.Engine);
    }

    [Fact]
    public void Market_buy_with_no_quote_is_rejected()
    {
        var exchange = new TestExchange().WithInstrument(Specs.Plain()).WithAccount(Bob, (Specs.Btc, 1));
        Assert.Equal(RejectReason.InsufficientBalance, RejectOf(exchange.Submit(Command.PlaceMarket(Bob, Instrument, 1, Side.Buy, 1))));
    }

    [Fact]
    public void Market_order_stops_at_its_protection_price()
    {
        Rest(Alice, Side.Buy, 100, 5);
        Rest(Alice, Side.Buy, 90, 5);
        var events = Submit(Command.PlaceMarket(Bob, Instrument, 1, Side.Sell, 10, protectionPrice: 95));
        Assert.Single(events, e => e.Type == EventType.TradeExecuted);
        Assert.Equal(CancelReason.PriceProtection, events[^1].CancelReason);
    }

    [Fact]
    public void Market_order_does_not_trade_outside_the_price_band()
    {
        // Band 5 ticks of 10 = 50. A trade at 9,960 sets the reference, so the band is 9,910..10,010
        // and the ask resting at 10,050 (placed while it was inside the band) is out of a market order's reach.
        var exchange = new TestExchange().WithInstrument(Specs.BtcUsd(bandTicks: 5))
            .WithAccount(Alice, (Specs.Btc, 100)).WithAccount(Bob, (Specs.Usd, 10_000_000));
        exchange.Submit(Command.PlaceLimit(Alice, 1, 1, Side.Sell, 10_050, 5));
        exchange.Submit(Command.PlaceLimit(Alice, 1, 2, Side.Sell, 9_960, 5));
        Assert.Contains(exchange.Submit(Command.PlaceLimit(Bob, 1, 1, Side.Buy, 9_960, 5)), e => e.Type == EventType.TradeExecuted);

        var events = exchange.Submit(Command.PlaceMarket(Bob, 1, 2, Side.Buy, 5));
        Assert.Equal([EventType.OrderAccepted, EventType.OrderExpired], Types(events));
        Assert.Equal(CancelReason.PriceProtection, events[1].CancelReason);
        Invariants.Check(exchange.Engine);
    }

    [Fact]
    public void Fees_are_floored_basis_points_and_collected()
    {
        // Maker 10 bps, taker 30 bps; notional 5 × 10,010 = 50,050 → maker fee 50 (50.05 floored), taker 150 (150.15 floored).
        var exchange = new TestExchange().WithInstrument(Specs.BtcUsd(makerFeeBps: 10, takerFeeBps: 30))
            .WithAccount(Alice, (Specs.Btc, 100)).WithAccount(Bob, (Specs.Usd, 10_000_000));
        exchange.Submit(Command.PlaceLimit(Alice, 1, 1, Side.Sell, 10_010, 5));
        var trade = exchange.Submit(Command.PlaceLimit(Bob, 1, 1, Side.Buy, 10_020, 5)).Single(e => e.Type == EventType.TradeExecuted);
        Assert.Equal(50, trade.MakerFee);
        Assert.Equal(150, trade.TakerFee);
        Assert.Equal(50_050 - 50, exchange.Engine.GetBalance(Alice, Specs.Usd).Available);
        Assert.Equal(10_000_000 - 50_050 - 150, exchange.Engine.GetBalance(Bob, Specs.Usd).Available);
        Assert.Equal(200, exchange.Engine.FeesCollected(Specs.Usd));
        Invariants.Check(exchange.Engine);
    }

    [Fact]
    public void Resting_buy_holds_the_larger_fee_and_returns_it_on_cancel()
    {
        var exchange = new TestExchange().WithInstrument(Specs.BtcUsd(makerFeeBps: 10, takerFeeBps: 30))
            .WithAccount(Bob, (Specs.Usd, 10_000_000));
        var id = exchange.Submit(Command.PlaceLimit(Bob, 1, 1, Side.Buy, 10_000, 5))[0].OrderId;
        Assert.Equal(50_000 + 150, exchange.Engine.GetBalance(Bob, Specs.Usd).Held);
        exchange.Submit(Command.Cancel(Bob, id));
        Assert.Equal(new(Specs.Usd, 10_000_000, 0), exchange.Engine.GetBalance(Bob, Specs.Usd));
    }
}
