using Exchange.Core.Orders;
using Exchange.Core.Queries;
using Exchange.Testing;

namespace Exchange.Core.Tests.Matching;

public sealed class QueryTests : EngineFixture
{
    [Fact]
    public void Depth_aggregates_levels_best_first()
    {
        Rest(Alice, Side.Buy, 99, 5);
        Rest(Bob, Side.Buy, 99, 3);
        Rest(Bob, Side.Buy, 100, 1);
        Rest(Carol, Side.Buy, 97, 2);
        Span<DepthLevel> levels = stackalloc DepthLevel[2];
        Assert.Equal(2, Exchange.Engine.GetDepth(Instrument, Side.Buy, levels));
        Assert.Equal(new DepthLevel(100, 1, 1), levels[0]);
        Assert.Equal(new DepthLevel(99, 8, 2), levels[1]);
        Assert.Equal(0, Exchange.Engine.GetDepth(Instrument, Side.Sell, levels));
        Assert.Equal(0, Exchange.Engine.GetDepth(42, Side.Sell, levels));
    }

    [Fact]
    public void Level_orders_come_in_time_priority()
    {
        var a = Rest(Alice, Side.Sell, 105, 5);
        var b = Rest(Bob, Side.Sell, 105, 3);
        Assert.Equal([a, b], Exchange.Engine.GetOrdersAtLevel(Instrument, Side.Sell, 105).Select(o => o.OrderId));
        Assert.Empty(Exchange.Engine.GetOrdersAtLevel(Instrument, Side.Sell, 106));
    }

    [Fact]
    public void Order_balances_and_open_orders_by_account()
    {
        var id = Rest(Alice, Side.Buy, 100, 5, clientId: 9);
        Assert.True(Exchange.Engine.TryGetOrder(id, out var order));
        Assert.Equal((Alice, 9L, 100L, 5L), (order.AccountId, order.ClientOrderId, order.Price, order.Leaves));
        Assert.False(Exchange.Engine.TryGetOrder(id + 100, out _));
        Assert.Equal([id], Exchange.Engine.GetOpenOrders(Alice).Select(o => o.OrderId));
        Assert.Equal(
            [new BalanceView(Specs.Btc, 1_000, 0), new BalanceView(Specs.Usd, 999_500, 500)],
            Exchange.Engine.GetBalances(Alice));
        Assert.Empty(Exchange.Engine.GetBalances(404));
        Assert.True(Exchange.Engine.TryGetInstrument(Instrument, out var instrument));
        Assert.Equal(Core.Instruments.InstrumentStatus.Trading, instrument.Status);
    }
}
