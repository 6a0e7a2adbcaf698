using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Core.Queries;

namespace Exchange.Core.Tests.Matching;

public sealed class IcebergTests : EngineFixture
{
    private long Iceberg(long account, Side side, long price, long quantity, long display) =>
        OnlyOne(Submit(Command.PlaceIceberg(account, Instrument, NextClientId(), side, price, quantity, display)), EventType.OrderAccepted).OrderId;

    private DepthLevel Best(Side side)
    {
        Span<DepthLevel> levels = new DepthLevel[1];
        Assert.Equal(1, Exchange.Engine.GetDepth(Instrument, side, levels));
        return levels[0];
    }

    [Fact]
    public void Only_the_displayed_slice_is_on_the_book()
    {
        Iceberg(Alice, Side.Sell, 100, 50, 10);
        Assert.Equal(new DepthLevel(100, 10, 1), Best(Side.Sell));
    }

    [Fact]
    public void A_taken_slice_is_refilled_at_the_back_of_the_level()
    {
        var iceberg = Iceberg(Alice, Side.Sell, 100, 30, 10);
        var plain = Rest(Bob, Side.Sell, 100, 5);

        // 12: the slice of 10, then 2 from the plain order that is now ahead of the refilled slice.
        var trades = Buy(Carol, 100, 12).Where(e => e.Type == EventType.TradeExecuted).ToArray();
        Assert.Equal([(iceberg, 10L), (plain, 2L)], trades.Select(t => (t.MakerOrderId, t.Quantity)));
        Assert.Equal(20, trades[0].MakerLeaves); // the owner learns the whole open quantity
        Assert.Equal(new DepthLevel(100, 13, 2), Best(Side.Sell)); // 3 of the plain order + the new slice of 10
        Assert.Equal([plain, iceberg], Exchange.Engine.GetOrdersAtLevel(Instrument, Side.Sell, 100).Select(o => o.OrderId));
    }

    [Fact]
    public void A_large_aggressor_reaches_the_hidden_part_through_successive_slices()
    {
        var iceberg = Iceberg(Alice, Side.Sell, 100, 25, 10);
        var trades = Buy(Carol, 100, 25).Where(e => e.Type == EventType.TradeExecuted).ToArray();
        Assert.Equal([10L, 10, 5], trades.Select(t => t.Quantity));
        Assert.All(trades, t => Assert.Equal(iceberg, t.MakerOrderId));
        Assert.False(Exchange.Engine.TryGetOrder(iceberg, out _));
    }

    [Fact]
    public void An_iceberg_aggressor_trades_its_whole_quantity_before_it_rests_a_slice()
    {
        Rest(Bob, Side.Sell, 100, 15);
        var events = Submit(Command.PlaceIceberg(Alice, Instrument, 1, Side.Buy, 100, 40, 10));
        Assert.Equal(15, OnlyOne(events, EventType.TradeExecuted).Quantity);
        Assert.Equal(new DepthLevel(100, 10, 1), Best(Side.Buy));
        Assert.True(Exchange.Engine.TryGetOrder(events[0].OrderId, out var order));
        Assert.Equal((25L, 10L), (order.Leaves, order.Shown));
    }

    [Fact]
    public void Fill_or_kill_counts_hidden_quantity()
    {
        Iceberg(Alice, Side.Sell, 100, 30, 5);
        Assert.Contains(EventType.TradeExecuted, Types(Buy(Carol, 100, 30, tif: TimeInForce.Fok)));
    }

    [Fact]
    public void Fill_or_kill_refuses_when_its_own_order_comes_before_the_hidden_part()
    {
        Iceberg(Alice, Side.Sell, 100, 30, 5);
        Rest(Carol, Side.Sell, 100, 1);
        Assert.Equal(RejectReason.SelfTrade, RejectOf(Buy(Carol, 100, 10, tif: TimeInForce.Fok)));
    }

    [Fact]
    public void Replace_down_at_the_same_price_keeps_place_and_trims_the_slice()
    {
        var iceberg = Iceberg(Alice, Side.Sell, 100, 30, 10);
        Rest(Bob, Side.Sell, 100, 5);
        Submit(Command.Replace(Alice, iceberg, 100, 6));
        Assert.Equal(iceberg, Exchange.Engine.GetOrdersAtLevel(Instrument, Side.Sell, 100)[0].OrderId);
        Assert.Equal(new DepthLevel(100, 11, 2), Best(Side.Sell)); // the slice is cut to the 6 still open, Bob's 5 behind it
    }

    [Theory]
    [InlineData(0, 10, TimeInForce.Gtc, false)]
    [InlineData(-1, 10, TimeInForce.Gtc, true)]
    [InlineData(11, 10, TimeInForce.Gtc, true)]
    [InlineData(5, 10, TimeInForce.Ioc, true)]
    public void Display_quantity_rules(long display, long quantity, TimeInForce tif, bool rejected)
    {
        var events = Submit(Command.PlaceIceberg(Alice, Instrument, 1, Side.Sell, 100, quantity, display, tif));
        Assert.Equal(rejected, events[0].Type == EventType.OrderRejected);
        if (rejected)
        {
            Assert.Equal(RejectReason.InvalidDisplayQuantity, events[0].Reason);
        }
    }
}
