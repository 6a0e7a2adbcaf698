using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Testing;

namespace Exchange.Core.Tests.Matching;

/// <summary>Every fill reports each side's base and quote balance after it, with the change, so clients and read models need not redo settlement.</summary>
public sealed class BalanceAfterFillTests
{
    [Fact]
    public void A_fill_reports_both_sides_balances_after_it_with_fees()
    {
        var spec = Specs.Plain() with { MakerFeeBps = 10, TakerFeeBps = 20 };
        var exchange = new TestExchange().WithInstrument(spec);
        exchange.WithAccount(1, (Specs.Btc, 10));
        exchange.WithAccount(2, (Specs.Usd, 1_000_000));
        exchange.Submit(Command.PlaceLimit(1, spec.Id, 1, Side.Sell, 10_000, 4)); // maker sells 4 of its 10
        var events = exchange.Submit(Command.PlaceLimit(2, spec.Id, 2, Side.Buy, 10_000, 3)); // taker buys 3

        var balances = events.Where(e => e.Type == EventType.BalanceChanged).ToArray();
        Assert.Equal(4, balances.Length);
        var notional = 30_000L;
        var takerFee = notional * 20 / 10_000;
        var makerFee = notional * 10 / 10_000;

        // taker (buyer): +3 BTC, pays notional + fee in USD; maker (seller): -3 BTC (from its hold), receives notional - fee.
        Assert.Equal((2L, Specs.Btc, 3L, 3L, 0L), Of(balances[0]));
        Assert.Equal((2L, Specs.Usd, -(notional + takerFee), 1_000_000 - notional - takerFee, 0L), Of(balances[1]));
        Assert.Equal((1L, Specs.Btc, -3L, 6L, 1L), Of(balances[2])); // 6 free, 1 still held by the open remainder
        Assert.Equal((1L, Specs.Usd, notional - makerFee, notional - makerFee, 0L), Of(balances[3]));
        Assert.All(balances, b => Assert.Equal(events[0].Sequence, b.Sequence));
    }

    private static (long Account, int Asset, long Change, long Available, long Held) Of(Event e) => (e.AccountId, e.AssetId, e.Quantity, e.Available, e.Held);
}
