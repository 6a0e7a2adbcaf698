using Exchange.Client;
using Exchange.Core.Commands;
using Exchange.Core.Orders;
using Exchange.Protocol.OrderEntry;
using Exchange.Testing;

namespace Exchange.IntegrationTests;

/// <summary>Reference data on the wire: what a client needs to send valid orders, from the engine's state, through the real gateway and client.</summary>
public sealed class ReferenceDataTests
{
    private static readonly TimeSpan Patience = ExchangeHost.Patience;

    [Fact]
    public async Task Instruments_come_with_tick_lot_limits_the_band_open_now_status_and_last_price()
    {
        await using var host = await ExchangeHost.StartAsync();
        var banded = Specs.BtcUsd(makerFeeBps: 1, takerFeeBps: 2, bandTicks: 50) with { Id = 2 };
        host.Engine.Submit(Command.AddInstrument(banded));
        host.Engine.Submit(Command.Halt(2));
        await using var alice = await host.ConnectAsync(1);
        await using var bob = await host.ConnectAsync(2);
        await alice.PlaceLimitAsync(1, 1, (byte)Side.Sell, 120, 1);
        await bob.PlaceLimitAsync(2, 1, (byte)Side.Buy, 120, 1);
        await bob.WaitForAsync<OrderExecuted>(Patience);

        var all = await alice.QueryInstrumentsAsync(Patience);
        Assert.Equal([1U, 2U], all.Select(r => r.Instrument));
        var plain = all[0];
        Assert.Equal(("I1", (uint)Specs.Btc, (uint)Specs.Usd, 1L, 1L, 1L, 1_000_000L, (byte)1, 120L), (plain.Symbol, plain.BaseAsset, plain.QuoteAsset, plain.TickSize, plain.LotSize, plain.MinQuantity, plain.MaxQuantity, plain.Status, plain.LastTradePrice));
        Assert.Equal((1L, long.MaxValue), (plain.BandLow, plain.BandHigh)); // no band
        var btc = all[1];
        Assert.Equal(("BTC-USD", 10L, 5L, (byte)2, 1L, 0L), (btc.Symbol, btc.TickSize, btc.LotSize, btc.Status, btc.MakerFeeBps, btc.LastTradePrice));
        Assert.Equal((10_000L - (50 * 10), 10_000L + (50 * 10)), (btc.BandLow, btc.BandHigh)); // 50 ticks of 10 around the start price

        await using var watcher = await host.ConnectAsync(3, marketDataOnly: true); // reference data is public
        Assert.Equal(btc, Assert.Single(await watcher.QueryInstrumentsAsync(Patience, instrument: 2)) with { ClientMessageId = btc.ClientMessageId });
        Assert.Empty(await watcher.QueryInstrumentsAsync(Patience, instrument: 99));
    }

    [Fact]
    public async Task An_instrument_is_found_by_symbol_with_its_assets_band_and_a_price_it_accepts()
    {
        await using var host = await ExchangeHost.StartAsync();
        host.Engine.Submit(Command.AddInstrument(Specs.BtcUsd(bandTicks: 50) with { Id = 2 }));
        await using var alice = await host.ConnectAsync(1);

        var btc = await alice.GetInstrumentAsync("btc-usd"); // any case
        Assert.Equal((2, "BTC-USD", Specs.Btc, Specs.Usd, 10L, 5L, true), (btc.Id, btc.Symbol, btc.BaseAsset.Id, btc.QuoteAsset.Id, btc.TickSize, btc.LotSize, btc.IsTrading));
        Assert.Null(btc.LastTradePrice); // no trade yet
        Assert.Equal(10_000L, btc.ReferencePrice); // the middle of the band, which is centred on the start price
        Assert.True(btc.Accepts(btc.ReferencePrice));
        Assert.False(btc.Accepts(btc.BandHigh + btc.TickSize));
        Assert.False(btc.Accepts(btc.ReferencePrice + 1)); // off the tick
        var placed = await alice.PlaceAsync(NewOrderRequest.Limit(1, btc.Id, Exchange.Protocol.Orders.Side.Buy, btc.ReferencePrice, btc.MinQuantity)).WaitAsync(Patience);
        Assert.True(placed.IsAccepted, placed.RejectReason.ToString());

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => alice.GetInstrumentAsync("DOGE-USD"));
        Assert.Contains("BTC-USD", unknown.Message, StringComparison.Ordinal); // names the ones there are
        Assert.Contains("I1", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await alice.GetInstrumentsAsync()).Count);
    }
}
