using Exchange.Client;
using Exchange.Protocol.Orders;
using Exchange.Samples;

namespace Exchange.IntegrationTests;

/// <summary>Each sample in samples/ run briefly against a real server: it did its job.</summary>
public sealed class SampleTests
{
    private static readonly TimeSpan Patience = ExchangeHost.Patience;

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting until " + what);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task The_market_maker_quotes_both_sides_and_quotes_again_after_a_fill()
    {
        await using var host = await ExchangeHost.StartAsync(new Exchange.Gateway.GatewayOptions { MaxSessionsPerAccount = 2, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        await using var maker = await host.ConnectAsync(1, ExchangeClient.LiveOnly);
        await using var check = await host.ConnectAsync(1, ExchangeClient.LiveOnly);
        await using var taker = await host.ConnectAsync(2, ExchangeClient.LiveOnly);
        using var stop = new CancellationTokenSource();
        var sample = new MarketMaker(maker, instrument: 1, mid: 100, spread: 2, size: 1);
        var running = sample.RunAsync(stop.Token);

        await Eventually(async () => (await check.QueryOpenOrdersAsync()).Count == 2, "both quotes rest");
        var quotes = await check.QueryOpenOrdersAsync();
        Assert.Equal([(98L, (byte)1), (102L, (byte)2)], quotes.Select(o => (o.Price, o.Side)).OrderBy(q => q.Price));

        Assert.True((await taker.PlaceAsync(NewOrderRequest.Limit(1, 1, Side.Buy, 102, 1, TimeInForce.Ioc))).IsAccepted);
        await Eventually(async () => sample.QuotePairs >= 2 && (await check.QueryOpenOrdersAsync()).Count == 2, "it quotes again around the fill");
        var requoted = await check.QueryOpenOrdersAsync();
        Assert.Equal([100L, 104L], requoted.Select(o => o.Price).OrderBy(p => p));
        Assert.Equal(1, sample.Fills);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task The_taker_sweeps_every_ask_up_to_its_limit()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var seller = await host.ConnectAsync(1, ExchangeClient.LiveOnly);
        foreach (var (id, price, quantity) in new[] { (1L, 101L, 1L), (2L, 102L, 2L), (3L, 105L, 3L) })
        {
            Assert.True((await seller.PlaceAsync(NewOrderRequest.Limit(id, 1, Side.Sell, price, quantity))).IsAccepted);
        }

        await using var buyer = await host.ConnectAsync(2, ExchangeClient.LiveOnly);
        using var stop = new CancellationTokenSource(Patience);
        Assert.Equal(3, await Taker.SweepAsync(buyer, instrument: 1, limitPrice: 103, stop.Token));

        var left = Assert.Single(await seller.QueryOpenOrdersAsync());
        Assert.Equal((105L, 3L), (left.Price, left.Leaves));
    }

    [Fact]
    public async Task The_recorder_writes_each_trade_to_csv()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var recorder = await host.ConnectAsync(3, ExchangeClient.LiveOnly, marketDataOnly: true);
        var path = Path.Combine(Path.GetTempPath(), "exchange-sample-" + Guid.NewGuid().ToString("N") + ".csv");
        using var stop = new CancellationTokenSource();
        Task<int> recording;
        var csv = new StreamWriter(path);
        await using (csv)
        {
            recording = TradeRecorder.RecordAsync(recorder, instrument: 1, csv, stop.Token);
            await using var alice = await host.ConnectAsync(1, ExchangeClient.LiveOnly);
            await using var bob = await host.ConnectAsync(2, ExchangeClient.LiveOnly);
            await Eventually(() => Task.FromResult(File.Exists(path) && ReadShared(path).StartsWith("trade_id,", StringComparison.Ordinal)), "the header is written");
            Assert.True((await alice.PlaceAsync(NewOrderRequest.Limit(1, 1, Side.Sell, 100, 2))).IsAccepted);
            Assert.True((await bob.PlaceAsync(NewOrderRequest.Limit(2, 1, Side.Buy, 100, 2))).IsAccepted);
            await Eventually(() => Task.FromResult(ReadShared(path).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 2), "the trade is recorded");
            await stop.CancelAsync();
            Assert.Equal(1, await recording);
        }

        var lines = File.ReadAllLines(path);
        File.Delete(path);
        Assert.Equal("trade_id,time,instrument,price,quantity,aggressor", lines[0]);
        Assert.Matches(@"^1,20\d\d-.*,1,100,2,buy$", lines[1]);
    }

    private static string ReadShared(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(file);
        return reader.ReadToEnd();
    }
}
