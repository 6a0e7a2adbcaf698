using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Orders;

namespace Exchange.Core.Tests.Matching;

public sealed class SelfTradePreventionTests : EngineFixture
{
    private Event[] Aggress(long quantity, SelfTradePrevention mode) =>
        Submit(Command.PlaceLimit(Alice, Instrument, NextClientId(), Side.Buy, 100, quantity, stp: mode));

    [Fact]
    public void Default_mode_is_cancel_resting() =>
        Assert.Equal(SelfTradePrevention.CancelResting, Command.PlaceLimit(1, 1, 1, Side.Buy, 1, 1).SelfTradePrevention);

    [Fact]
    public void Cancel_resting_removes_own_order_and_keeps_matching()
    {
        var own = Rest(Alice, Side.Sell, 100, 5);
        var other = Rest(Bob, Side.Sell, 100, 5);
        var events = Aggress(5, SelfTradePrevention.CancelResting);
        Assert.Equal([EventType.OrderAccepted, EventType.OrderCanceled, EventType.TradeExecuted], Types(events));
        Assert.Equal(own, events[1].OrderId);
        Assert.Equal(CancelReason.SelfTrade, events[1].CancelReason);
        Assert.Equal(other, events[2].MakerOrderId);
    }

    [Fact]
    public void Cancel_aggressor_keeps_the_resting_order()
    {
        var other = Rest(Bob, Side.Sell, 100, 2);
        var own = Rest(Alice, Side.Sell, 100, 5);
        var events = Aggress(5, SelfTradePrevention.CancelAggressor);
        Assert.Equal([EventType.OrderAccepted, EventType.TradeExecuted, EventType.OrderCanceled], Types(events));
        Assert.Equal(other, events[1].MakerOrderId);
        Assert.Equal(events[0].OrderId, events[2].OrderId);
        Assert.Equal(3, events[2].Quantity);
        Assert.True(Exchange.Engine.TryGetOrder(own, out _));
    }

    [Fact]
    public void Cancel_both_removes_both()
    {
        var own = Rest(Alice, Side.Sell, 100, 5);
        var events = Aggress(5, SelfTradePrevention.CancelBoth);
        Assert.Equal([EventType.OrderAccepted, EventType.OrderCanceled, EventType.OrderCanceled], Types(events));
        Assert.Equal(own, events[1].OrderId);
        Assert.Equal(events[0].OrderId, events[2].OrderId);
        Assert.Equal(0, Exchange.Engine.OpenOrderCount);
    }

    [Fact]
    public void Decrement_and_cancel_reduces_the_larger_resting_order()
    {
        var own = Rest(Alice, Side.Sell, 100, 8);
        var events = Aggress(5, SelfTradePrevention.DecrementAndCancel);
        Assert.Equal([EventType.OrderAccepted, EventType.OrderReduced, EventType.OrderCanceled], Types(events));
        Assert.Equal(own, events[1].OrderId);
        Assert.Equal(5, events[1].Quantity);
        Assert.Equal(3, events[1].Leaves);
        Assert.True(Exchange.Engine.TryGetOrder(own, out var rest));
        Assert.Equal(3, rest.Leaves);
        Assert.Equal(3, rest.Held);
    }

    [Fact]
    public void Decrement_and_cancel_reduces_the_larger_aggressor_which_keeps_matching()
    {
        Rest(Alice, Side.Sell, 100, 3);
        Rest(Bob, Side.Sell, 100, 4);
        var events = Aggress(10, SelfTradePrevention.DecrementAndCancel);
        Assert.Equal([EventType.OrderAccepted, EventType.OrderCanceled, EventType.OrderReduced, EventType.TradeExecuted], Types(events));
        Assert.Equal(7, events[2].Leaves);
        Assert.Equal(4, events[3].Quantity);
        Assert.True(Exchange.Engine.TryGetOrder(events[0].OrderId, out var taker));
        Assert.Equal(3, taker.Leaves);
    }

    [Fact]
    public void Decrement_and_cancel_of_equal_sizes_cancels_both()
    {
        Rest(Alice, Side.Sell, 100, 5);
        var events = Aggress(5, SelfTradePrevention.DecrementAndCancel);
        Assert.Equal([EventType.OrderAccepted, EventType.OrderCanceled, EventType.OrderCanceled], Types(events));
        Assert.Equal(0, Exchange.Engine.OpenOrderCount);
    }
}
