using Exchange.Testing;
using Exchange.Gateway;
using Exchange.Protocol.Framing;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;
using Xunit.Abstractions;

namespace Exchange.IntegrationTests;

/// <summary>Tests that measure the whole process run alone, so no other test's work is counted.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "measured alone";
}

[Collection(MeasuredAlone.Name)]
public sealed class SteadyStateAllocationTests(ITestOutputHelper output)
{
    private static NewOrder Limit(long id, byte side) => new((ulong)id, (ulong)id, 1, side, 1, 1, 0, 0, 0, 0, 100, 1, 0);

    /// <summary>
    /// One round: a sell and a buy that cross. The server journals both, matches, and sends eight
    /// replies (accepted and executed to each account) and five market-data messages.
    /// </summary>
    private static void Round(RawSession alice, RawSession bob, RawSession watcher, long id)
    {
        // Sides alternate so that neither account runs out of either asset.
        var aliceSide = (byte)(id % 2 == 0 ? 2 : 1);
        alice.Send(Limit(id, aliceSide));
        bob.Send(Limit(id, (byte)(3 - aliceSide)));
        alice.SkipTo(MessageType.OrderExecuted);
        bob.SkipTo(MessageType.OrderExecuted);
        watcher.SkipTo(MessageType.PublicTrade);
        watcher.SkipTo(MessageType.TopOfBook);
    }

    [Fact]
    public async Task The_server_allocates_nothing_per_order_once_warm()
    {
        // A resend window the warm-up fills: the logs grow (doubling) until they hold the window, and
        // that growth is warm-up, not steady state.
        var options = new GatewayOptions
        {
            HeartbeatInterval = TimeSpan.FromSeconds(60), ThrottleRatePerSecond = 1_000_000, ThrottleBurst = 100_000, ResendWindow = 4_096,
        };
        await using var host = await ExchangeHost.StartAsync(options);
        var measured = await Task.Run(() =>
        {
            using var alice = new RawSession(host.Gateway.Port, 1, "secret-1");
            using var bob = new RawSession(host.Gateway.Port, 2, "secret-2");
            using var watcher = new RawSession(host.Gateway.Port, 3, "secret-3");
            watcher.Send(new Subscribe(1, 10, 0));
            watcher.SkipTo(MessageType.TopOfBook);

            using var sampler = new AllocationSampler();
            // Warm up: rings, pools, resend logs and the JIT reach their working size.
            var id = 1L;
            for (; id <= 5_000; id++)
            {
                Round(alice, bob, watcher, id);
            }

            const int rounds = 5_000;
            sampler.Types.Clear();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < rounds; i++, id++)
            {
                Round(alice, bob, watcher, id);
            }

            var perRound = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)rounds;
            output.WriteLine($"allocation samples while measuring: {sampler.Describe()}");
            return perRound;
        });

        // Every thread of the process counts: gateway sessions, journaller, business logic, publisher.
        // One object per message would be at least 24 bytes x 13 messages a round.
        output.WriteLine($"allocated per round (2 orders, 1 trade, 13 messages): {measured:F2} bytes");
        Assert.True(measured < 16, $"the server allocated {measured:F1} bytes per round in steady state");
    }
}

public sealed class TopOfBookTests
{
    [Fact]
    public async Task Subscribers_get_the_top_of_book_on_subscribe_and_whenever_it_moves()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using var bob = await host.ConnectAsync(2);
        await using var watcher = await host.ConnectAsync(3);
        await alice.PlaceLimitAsync(1, 1, 2, 101, 5);
        await alice.WaitForAsync<OrderAccepted>(ExchangeHost.Patience);

        await watcher.SendAsync(new Subscribe(1, 10, 0));
        var first = await watcher.WaitForAsync<TopOfBook>(ExchangeHost.Patience);
        Assert.Equal((0L, 0L, 101L, 5L), (first.BidPrice, first.BidQuantity, first.AskPrice, first.AskQuantity));

        // A bid below the ask moves the top; a deeper ask does not; a trade does.
        await bob.PlaceLimitAsync(2, 1, 1, 99, 4);
        var second = await watcher.WaitForAsync<TopOfBook>(ExchangeHost.Patience);
        Assert.Equal((99L, 4L, 101L, 5L), (second.BidPrice, second.BidQuantity, second.AskPrice, second.AskQuantity));
        await alice.PlaceLimitAsync(3, 1, 2, 105, 1);
        await bob.PlaceLimitAsync(4, 1, 1, 101, 2);
        var third = await watcher.WaitForAsync<TopOfBook>(ExchangeHost.Patience);
        Assert.Equal((99L, 4L, 101L, 3L), (third.BidPrice, third.BidQuantity, third.AskPrice, third.AskQuantity));

        // It carries the sequence of the last change it includes: the level change after the trade.
        Assert.Equal(first.InstrumentSequence + 4, third.InstrumentSequence);
    }
}

public sealed class SlowConsumerTests
{
    [Fact]
    public async Task A_subscriber_that_stops_reading_is_cut_off_and_nobody_else_notices()
    {
        var options = new GatewayOptions
        {
            HeartbeatInterval = TimeSpan.FromSeconds(30), MaxQueuedBytes = 32 * 1024, SocketSendBufferBytes = 4096,
            ThrottleRatePerSecond = 1_000_000, ThrottleBurst = 100_000,
        };
        await using var host = await ExchangeHost.StartAsync(options);
        using var sleeper = new RawSession(host.Gateway.Port, 3, "secret-3", receiveBufferBytes: 4096);
        sleeper.Send(new Subscribe(1, 10, 0));
        await using var alice = await host.ConnectAsync(1);

        // Thousands of book changes, each a few market-data messages the sleeper never reads: alice
        // moves one order between two prices. She waits for each answer, so her own queue stays short.
        await alice.PlaceLimitAsync(1, 1, 2, 1_001, 1);
        var order = (long)(await alice.WaitForAsync<OrderAccepted>(ExchangeHost.Patience)).OrderId;
        for (var i = 1; i <= 3_000; i++)
        {
            await alice.ReplaceAsync(order, i % 2 == 1 ? 1_002 : 1_001, 1);
            await alice.WaitForAsync<OrderReplaced>(ExchangeHost.Patience);
        }

        // The sleeper wakes up: it finds what fitted in the buffers, then the end of the connection.
        var ended = await Task.Run(() =>
        {
            try
            {
                while (true)
                {
                    sleeper.Next(out _);
                }
            }
            catch (Exception ex) when (ex is EndOfStreamException || ex is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset })
            {
                // Closed or reset by the server; a receive timeout would mean the session was never cut.
                return true;
            }
        });
        Assert.True(ended);

        // The account may log in again (its session is gone) and the engine answers as before.
        await using var bob = await host.ConnectAsync(2);
        await bob.PlaceLimitAsync(1, 1, 1, 1_001, 1);
        Assert.Equal(1_001, (await bob.WaitForAsync<OrderExecuted>(ExchangeHost.Patience)).Price);
        await using var again = await host.ConnectAsync(3);
        await again.SendAsync(new Subscribe(1, 10, 0));
        Assert.Equal(default, (await again.WaitForAsync<TopOfBook>(ExchangeHost.Patience)) with { InstrumentSequence = 0, Instrument = 0 });
    }
}
