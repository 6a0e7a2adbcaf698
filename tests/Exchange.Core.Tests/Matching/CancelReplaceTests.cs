using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Testing;

namespace Exchange.Core.Tests.Matching;

public sealed class CancelReplaceTests : EngineFixture
{
    [Fact]
    public void Cancel_by_order_id_releases_the_hold()
    {
        var id = Rest(Alice, Side.Buy, 100, 5);
        var canceled = OnlyOne(Submit(Command.Cancel(Alice, id)), EventType.OrderCanceled);
        Assert.Equal(CancelReason.Requested, canceled.CancelReason);
        Assert.Equal(5, canceled.Quantity);
        Assert.Equal(new(Specs.Usd, 1_000_000, 0), Exchange.Engine.GetBalance(Alice, Specs.Usd));
    }

    [Fact]
    public void Cancel_by_client_order_id()
    {
        var id = Rest(Alice, Side.Buy, 100, 5, clientId: 77);
        Assert.Equal(id, OnlyOne(Submit(Command.CancelByClientId(Alice, 77)), EventType.OrderCanceled).OrderId);
    }

    [Fact]
    public void Cancel_of_another_accounts_order_is_rejected()
    {
        var id = Rest(Alice, Side.Buy, 100, 5, clientId: 77);
        Assert.Equal(RejectReason.NotOwner, RejectOf(Submit(Command.Cancel(Bob, id))));
        Assert.Equal(RejectReason.UnknownOrder, RejectOf(Submit(Command.CancelByClientId(Bob, 77))));
        Assert.True(Exchange.Engine.TryGetOrder(id, out _));
    }

    [Fact]
    public void Cancel_of_unknown_or_filled_order_is_rejected()
    {
        Assert.Equal(RejectReason.UnknownOrder, RejectOf(Submit(Command.Cancel(Alice, 12_345))));
        var id = Rest(Alice, Side.Sell, 100, 5);
        Buy(Bob, 100, 5);
        Assert.Equal(RejectReason.UnknownOrder, RejectOf(Submit(Command.Cancel(Alice, id))));
    }

    [Fact]
    public void Cancel_is_allowed_while_halted()
    {
        var id = Rest(Alice, Side.Buy, 100, 5);
        Submit(Command.Halt(Instrument));
        Assert.Single(Submit(Command.Cancel(Alice, id)), e => e.Type == EventType.OrderCanceled);
    }

    [Fact]
    public void Replace_with_less_quantity_keeps_time_priority()
    {
        var first = Rest(Alice, Side.Sell, 100, 5);
        Rest(Bob, Side.Sell, 100, 5);
        var replaced = OnlyOne(Submit(Command.Replace(Alice, first, 100, 3)), EventType.OrderReplaced);
        Assert.Equal(3, replaced.Leaves);
        Assert.Equal(first, Buy(Carol, 100, 1).Single(e => e.Type == EventType.TradeExecuted).MakerOrderId);
        Assert.Equal(3 - 1, Exchange.Engine.GetBalance(Alice, Specs.Btc).Held);
    }

    [Fact]
    public void Replace_with_more_quantity_loses_time_priority()
    {
        var first = Rest(Alice, Side.Sell, 100, 5);
        var second = Rest(Bob, Side.Sell, 100, 5);
        Submit(Command.Replace(Alice, first, 100, 6));
        Assert.Equal(second, Buy(Carol, 100, 1).Single(e => e.Type == EventType.TradeExecuted).MakerOrderId);
        Assert.Equal(6, Exchange.Engine.GetBalance(Alice, Specs.Btc).Held);
    }

    [Fact]
    public void Replace_with_new_price_loses_priority_and_can_trade()
    {
        Rest(Bob, Side.Sell, 101, 5);
        var buy = Rest(Alice, Side.Buy, 99, 5);
        var events = Submit(Command.Replace(Alice, buy, 101, 5));
        Assert.Equal([EventType.OrderReplaced, EventType.TradeExecuted], Types(events));
        Assert.Equal(buy, events[1].OrderId);
        Assert.False(Exchange.Engine.TryGetOrder(buy, out _));
    }

    [Fact]
    public void Replace_price_change_moves_to_the_back_of_the_new_level()
    {
        var a = Rest(Alice, Side.Buy, 99, 5);
        var b = Rest(Bob, Side.Buy, 100, 5);
        Submit(Command.Replace(Alice, a, 100, 5));
        Assert.Equal(b, Sell(Carol, 100, 1).Single(e => e.Type == EventType.TradeExecuted).MakerOrderId);
    }

    [Fact]
    public void Replace_of_filled_unknown_or_foreign_order_is_rejected()
    {
        var id = Rest(Alice, Side.Sell, 100, 5);
        Assert.Equal(RejectReason.NotOwner, RejectOf(Submit(Command.Replace(Bob, id, 100, 4))));
        Buy(Bob, 100, 5);
        Assert.Equal(RejectReason.UnknownOrder, RejectOf(Submit(Command.Replace(Alice, id, 100, 4))));
    }

    [Fact]
    public void Replace_needing_more_balance_than_available_is_rejected_unchanged()
    {
        var id = Rest(Alice, Side.Buy, 100, 5);
        Assert.Equal(RejectReason.InsufficientBalance, RejectOf(Submit(Command.Replace(Alice, id, 100_000, 11))));
        Assert.True(Exchange.Engine.TryGetOrder(id, out var order));
        Assert.Equal((100, 5), (order.Price, order.Leaves));
    }

    [Fact]
    public void Replace_of_post_only_to_a_crossing_price_is_rejected()
    {
        Rest(Bob, Side.Sell, 101, 5);
        var id = Submit(Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, 99, 5, postOnly: true))[0].OrderId;
        Assert.Equal(RejectReason.PostOnlyWouldCross, RejectOf(Submit(Command.Replace(Alice, id, 101, 5))));
    }

    [Fact]
    public void Replace_is_rejected_while_halted_and_checks_tick_and_lot()
    {
        var exchange = new TestExchange().WithInstrument(Specs.BtcUsd()).WithAccount(Alice, (Specs.Usd, 1_000_000_000));
        var id = exchange.Submit(Command.PlaceLimit(Alice, 1, 1, Side.Buy, 10_000, 5))[0].OrderId;
        Assert.Equal(RejectReason.BadTick, RejectOf(exchange.Submit(Command.Replace(Alice, id, 10_001, 5))));
        Assert.Equal(RejectReason.BadLot, RejectOf(exchange.Submit(Command.Replace(Alice, id, 10_000, 6))));
        exchange.Submit(Command.Halt(1));
        Assert.Equal(RejectReason.InstrumentHalted, RejectOf(exchange.Submit(Command.Replace(Alice, id, 10_000, 5))));
    }

    [Fact]
    public void Mass_cancel_by_account_and_instrument()
    {
        var exchange = new TestExchange().WithInstrument(Specs.Plain(1)).WithInstrument(Specs.Plain(2, Specs.Eth))
            .WithAccount(Alice, (Specs.Usd, 1_000_000)).WithAccount(Bob, (Specs.Usd, 1_000_000));
        exchange.Submit(Command.PlaceLimit(Alice, 1, 1, Side.Buy, 100, 1));
        exchange.Submit(Command.PlaceLimit(Alice, 2, 2, Side.Buy, 100, 1));
        exchange.Submit(Command.PlaceLimit(Alice, 1, 3, Side.Buy, 99, 1));
        exchange.Submit(Command.PlaceLimit(Bob, 1, 1, Side.Buy, 100, 1));

        var events = exchange.Submit(Command.MassCancel(Alice, 1));
        Assert.Equal([EventType.OrderCanceled, EventType.OrderCanceled, EventType.MassCancelCompleted], Types(events));
        Assert.Equal([1L, 3], events.Take(2).Select(e => e.ClientOrderId));
        Assert.Equal(2, events[2].Quantity);
        Assert.Single(exchange.Engine.GetOpenOrders(Alice));

        events = exchange.Submit(Command.MassCancel(Alice));
        Assert.Equal(1, events[^1].Quantity);
        Assert.Empty(exchange.Engine.GetOpenOrders(Alice));
        Assert.Single(exchange.Engine.GetOpenOrders(Bob));
        Assert.Equal(RejectReason.UnknownInstrument, RejectOf(exchange.Submit(Command.MassCancel(Alice, 9))));
        Assert.Equal(RejectReason.UnknownAccount, RejectOf(exchange.Submit(Command.MassCancel(99))));
        Invariants.Check(exchange.Engine);
    }
}
