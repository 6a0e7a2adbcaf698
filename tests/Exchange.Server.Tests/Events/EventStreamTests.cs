using System.Globalization;
using Exchange.Server.Tests.Cluster;
using Exchange.Testing;
using Xunit.Abstractions;

namespace Exchange.Server.Tests.Events;

/// <summary>
/// The event stream end to end: real exchange-server processes, a real nats-server (skipped with the reason where none
/// is installed; failed under CI=true), real clients trading, and the real journal-tools as the judge. Whatever
/// happens (a plain run, the relay killed -9 again and again, the broker restarted, a failover) the stream ends up
/// holding each event journal-tools derives, once, in journal order, byte for byte.
/// </summary>
[Collection("Cluster")]
public sealed class EventStreamTests(ITestOutputHelper output)
{
    private static string[] ServerArgs(string data, int port, params string[] more) =>
        ["--data-dir", data, "--port", port.ToString(CultureInfo.InvariantCulture), "--http-port", FreePorts.Next().ToString(CultureInfo.InvariantCulture), .. more];

    private static string[] RelayArgs(string data, string natsUrl) =>
        ["--events-only", "--data-dir", data, "--events-url", natsUrl, "--http-port", FreePorts.Next().ToString(CultureInfo.InvariantCulture)];

    private static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "exchange-stream-" + Guid.NewGuid().ToString("N"));

    /// <summary>A server on <paramref name="data"/> and <paramref name="port"/> with <paramref name="more"/> arguments, once it logged its ready line.</summary>
    private static async Task<ServerProcess> ReadyServerAsync(string data, int port, params string[] more)
    {
        var server = new ServerProcess();
        server.Start(ServerArgs(data, port, more));
        await server.WaitForLogAsync("Exchange ready on", TestCluster.Patience);
        return server;
    }

    [SkippableFact]
    public async Task A_server_started_with_its_event_stream_publishes_exactly_what_journal_tools_derives()
    {
        using var nats = await NatsServer.StartAsync();
        var data = NewDataDirectory();
        var port = FreePorts.Next();
        using (var server = await ReadyServerAsync(data, port, "--events-url", nats.Url))
        {
            await using (var traders = await CrossingTrades.ConnectAsync(port))
            {
                await traders.SendAsync(500);
            }

            await StreamChecks.WaitCaughtUpAsync(nats.Url, data, () => string.Join('\n', server.Lines.TakeLast(30)));
            var events = await StreamChecks.AssertStreamIsJournalAsync(nats.Url, data);
            Assert.True(events > 2_500, $"only {events} events"); // 500 trades and their orders and balances
            var stream = await StreamContents.ReadAllAsync(nats.Url);
            var trades = stream.Where(m => m.Subject.StartsWith("exchange.trade.", StringComparison.Ordinal)).ToList();
            Assert.True(trades.Count > 100, $"only {trades.Count} trades");
            Assert.All(trades, m => Assert.True(m.Subject is "exchange.trade.ETH-USD.1002.1001" or "exchange.trade.ETH-USD.1001.1002", m.Subject)); // taker, maker
            output.WriteLine($"{events} events in the stream, identical to journal-tools events");
        }

        Directory.Delete(data, recursive: true);
    }

    [SkippableFact]
    public Task The_relay_killed_9_at_random_moments_three_times_neither_repeats_nor_skips_an_event() => KillTheRelayAsync(kills: 3, seed: 1);

    [SkippableFact]
    [Trait("Category", "Soak")]
    public Task The_relay_killed_9_at_random_moments_twenty_times_neither_repeats_nor_skips_an_event() => KillTheRelayAsync(kills: 20, seed: 2);

    private async Task KillTheRelayAsync(int kills, int seed)
    {
        using var nats = await NatsServer.StartAsync();
        var data = NewDataDirectory();
        var port = FreePorts.Next();
        var random = new Random(seed);
        using (var server = await ReadyServerAsync(data, port))
        using (var relay = new ServerProcess())
        {
            relay.Start(RelayArgs(data, nats.Url));
            var trading = Task.Run(async () =>
            {
                await using var traders = await CrossingTrades.ConnectAsync(port);
                for (var round = 0; round < kills; round++)
                {
                    await traders.SendAsync(200);
                }
            });
            for (var kill = 0; kill < kills; kill++)
            {
                await relay.WaitForLogAsync("Events relay resumed", TestCluster.Patience, atLeast: kill + 1);
                await Task.Delay(random.Next(50, 1_500)); // mid-catch-up, between acknowledgements, or idle
                relay.Kill();
                relay.Start(RelayArgs(data, nats.Url));
            }

            await trading;
            await StreamChecks.WaitCaughtUpAsync(nats.Url, data, () => string.Join('\n', relay.Lines.TakeLast(30)));
            var events = await StreamChecks.AssertStreamIsJournalAsync(nats.Url, data);
            await relay.WaitForLogAsync("Events relay resumed", TestCluster.Patience, atLeast: kills + 1); // the last one started, after every kill
            output.WriteLine($"{kills} kills of the relay; {events} events in the stream, identical to journal-tools events");
        }

        Directory.Delete(data, recursive: true);
    }

    [SkippableFact]
    public async Task The_broker_stopped_and_started_again_mid_stream_delays_the_stream_and_loses_nothing()
    {
        using var nats = await NatsServer.StartAsync();
        var data = NewDataDirectory();
        var port = FreePorts.Next();
        using (var server = await ReadyServerAsync(data, port, "--events-url", nats.Url))
        {
            await using (var traders = await CrossingTrades.ConnectAsync(port))
            {
                await traders.SendAsync(300);
                nats.Kill();
                await traders.SendAsync(300); // the exchange trades on, acknowledging, with the broker down
                await server.WaitForLogAsync("Events relay: ", TestCluster.Patience); // it noticed, and retries
                await nats.StartAgainAsync();
                await traders.SendAsync(300);
            }

            await StreamChecks.WaitCaughtUpAsync(nats.Url, data, () => string.Join('\n', server.Lines.TakeLast(30)));
            var events = await StreamChecks.AssertStreamIsJournalAsync(nats.Url, data);
            output.WriteLine($"{events} events in the stream after a broker restart, identical to journal-tools events");
        }

        Directory.Delete(data, recursive: true);
    }

    [SkippableFact]
    public async Task A_relay_following_a_standby_survives_a_failover_of_the_cluster()
    {
        using var nats = await NatsServer.StartAsync();
        using var cluster = await TestCluster.StartAsync("--replication", "SyncReplicated");
        cluster.StartAll();
        var (primary, epoch) = await cluster.WaitForPrimaryAsync();
        var standby = cluster.Nodes.First(n => n != primary);
        using var relay = new ServerProcess();
        relay.Start(RelayArgs(standby.DataDirectory, nats.Url));
        NodeProcess next;
        await using (var traders = await CrossingTrades.ConnectAsync(cluster.ClientOptions(1001, "alice-secret"), cluster.ClientOptions(1002, "bob-secret")))
        {
            await traders.SendAsync(300);
            primary.Kill();
            (next, _) = await cluster.WaitForPrimaryAsync(epoch);
            await traders.WaitReconnectedAsync();
            await traders.SendAsync(300); // on the new primary
        }

        await StreamChecks.WaitCaughtUpAsync(nats.Url, standby.DataDirectory, () => string.Join('\n', relay.Lines.TakeLast(30)));
        var events = await StreamChecks.AssertStreamIsJournalAsync(nats.Url, standby.DataDirectory);
        Assert.True(events > 3_000, $"only {events} events"); // 600 trades and their orders and balances
        output.WriteLine($"relay followed node {standby.Id}; node {next.Id} took over from node {primary.Id}; {events} events in the stream, identical to journal-tools events of node {standby.Id}");
    }
}
