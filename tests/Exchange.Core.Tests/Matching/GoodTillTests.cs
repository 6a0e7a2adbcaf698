using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Core.Orders;
using Exchange.Testing;

namespace Exchange.Core.Tests.Matching;

public sealed class GoodTillTests : EngineFixture
{
    [Fact]
    public void A_gtd_order_expires_at_the_first_command_stamped_at_or_after_its_time()
    {
        var expireAt = Exchange.Now + 1_000_000;
        var id = OnlyOne(Submit(Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, 90, 5).GoodTill(expireAt)), EventType.OrderAccepted).OrderId;
        Assert.Equal(1_000_000 - 450, Exchange.Engine.GetBalance(Alice, Specs.Usd).Available);
        Assert.Empty(Submit(Command.TimeTick())); // not yet

        Exchange.AdvanceTime(TimeSpan.FromMilliseconds(1));
        var events = Submit(Command.TimeTick());
        var expired = Assert.Single(events);
        Assert.Equal((EventType.OrderExpired, id, CancelReason.Expired, CommandType.TimeTick), (expired.Type, expired.OrderId, expired.CancelReason, expired.CommandType));
        Assert.Equal(1_000_000, Exchange.Engine.GetBalance(Alice, Specs.Usd).Available);
    }

    [Fact]
    public void Expiry_comes_before_the_command_that_carries_the_time()
    {
        var id = OnlyOne(Submit(Command.PlaceLimit(Alice, Instrument, 1, Side.Sell, 100, 5).GoodTill(Exchange.Now + 1_000_000)), EventType.OrderAccepted).OrderId;
        Exchange.AdvanceTime(TimeSpan.FromSeconds(1));
        var events = Buy(Bob, 100, 5); // would have traded with it
        Assert.Equal([EventType.OrderExpired, EventType.OrderAccepted], Types(events));
        Assert.Equal(id, events[0].OrderId);
        Assert.True(Exchange.Engine.TryGetOrder(events[1].OrderId, out _)); // rests instead
    }

    [Fact]
    public void Orders_due_together_expire_by_time_then_order_id()
    {
        var t = Exchange.Now + 5_000;
        var late = OnlyOne(Submit(Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, 90, 1).GoodTill(t + 1)), EventType.OrderAccepted).OrderId;
        var early2 = OnlyOne(Submit(Command.PlaceLimit(Bob, Instrument, 2, Side.Buy, 91, 1).GoodTill(t)), EventType.OrderAccepted).OrderId;
        var early3 = OnlyOne(Submit(Command.PlaceStop(Carol, Instrument, 3, Side.Sell, 80, 1, tif: TimeInForce.Gtd) with { ExpireTime = t }), EventType.OrderAccepted).OrderId;
        Exchange.AdvanceTime(TimeSpan.FromSeconds(1));
        Assert.Equal([early2, early3, late], Submit(Command.TimeTick()).Select(e => e.OrderId));
    }

    [Fact]
    public void A_day_order_expires_at_the_next_utc_midnight()
    {
        var now = Exchange.Now + 1_000;
        var midnight = ((now / MatchingEngine.NanosecondsPerDay) + 1) * MatchingEngine.NanosecondsPerDay;
        var id = OnlyOne(Submit(Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, 90, 5, TimeInForce.Day)), EventType.OrderAccepted).OrderId;
        Assert.True(Exchange.Engine.TryGetOrder(id, out var order));
        Assert.Equal(midnight, order.ExpireTime);
        Exchange.AdvanceTime(TimeSpan.FromTicks((midnight - Exchange.Now) / 100) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(Submit(Command.TimeTick()));
        Exchange.AdvanceTime(TimeSpan.FromMilliseconds(1));
        Assert.Equal(id, Assert.Single(Submit(Command.TimeTick())).OrderId);
    }

    [Fact]
    public void Expire_time_rules()
    {
        Assert.Equal(RejectReason.InvalidExpireTime, RejectOf(Submit(Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, 90, 5).GoodTill(Exchange.Now))));
        var noTime = Command.PlaceLimit(Alice, Instrument, 2, Side.Buy, 90, 5, TimeInForce.Gtd);
        Assert.Equal(RejectReason.InvalidExpireTime, RejectOf(Submit(noTime)));
        var gtcWithTime = Command.PlaceLimit(Alice, Instrument, 3, Side.Buy, 90, 5);
        gtcWithTime.ExpireTime = Exchange.Now + 1_000_000;
        Assert.Equal(RejectReason.InvalidExpireTime, RejectOf(Submit(gtcWithTime)));
    }

    [Fact]
    public void Filled_and_canceled_gtd_orders_leave_the_expiry_queue()
    {
        var t = Exchange.Now + 1_000_000;
        var canceled = OnlyOne(Submit(Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, 90, 5).GoodTill(t)), EventType.OrderAccepted).OrderId;
        Submit(Command.PlaceLimit(Alice, Instrument, 2, Side.Sell, 110, 5).GoodTill(t));
        Submit(Command.Cancel(Alice, canceled));
        Buy(Bob, 110, 5);
        Assert.Equal(long.MaxValue, Exchange.Engine.NextExpiry);
        Exchange.AdvanceTime(TimeSpan.FromSeconds(1));
        Assert.Empty(Submit(Command.TimeTick()));
    }

    [Fact]
    public void Expiry_survives_a_snapshot()
    {
        var id = OnlyOne(Submit(Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, 90, 5).GoodTill(Exchange.Now + 1_000_000)), EventType.OrderAccepted).OrderId;
        var restored = new TestExchange(MatchingEngine.LoadState(Exchange.Engine.SaveState()));
        Assert.Equal(Exchange.Engine.NextExpiry, restored.Engine.NextExpiry);
        restored.AdvanceTime(TimeSpan.FromSeconds(1));
        Assert.Equal(id, Assert.Single(restored.Submit(Command.TimeTick())).OrderId);
    }
}
