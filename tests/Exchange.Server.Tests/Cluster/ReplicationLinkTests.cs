using Exchange.Client;
using Exchange.Journal;
using Exchange.Protocol.OrderEntry;
using Xunit.Abstractions;

namespace Exchange.Server.Tests.Cluster;

/// <summary>The replication link fails under a sync-replicated primary (a proxy the test cuts), and a standby restarts far behind.</summary>
[Collection("Cluster")]
public sealed class ReplicationLinkTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Cutting_the_link_stops_sync_acknowledgements_and_they_resume_when_it_returns()
    {
        using var cluster = await TestCluster.StartAsync("--replication", "SyncReplicated");
        var primary = cluster.Nodes[0];
        using var proxy = new TcpProxy(primary.ReplicationPort);
        primary.NextStartArgs.AddRange(["--replication-advertise", $"127.0.0.1:{proxy.Port}"]);
        primary.Start();
        await primary.WaitForLogAsync("is the PRIMARY of epoch", TestCluster.Patience);
        cluster.Nodes[1].Start();
        cluster.Nodes[2].Start();
        var (node, _) = await cluster.WaitForPrimaryAsync();
        Assert.Same(primary, node);

        await using var client = await ExchangeClient.ConnectAsync(cluster.ClientOptions());
        Assert.True((await client.PlaceAsync(NewOrderRequest.Limit(1, 2, Protocol.Orders.Side.Buy, 2_800, 1))).IsAccepted);

        proxy.Cut();
        await client.SendOrderAsync(NewOrderRequest.Limit(2, 2, Protocol.Orders.Side.Buy, 2_800, 1));
        await primary.WaitForLogAsync("waiting for a quorum", TestCluster.Patience);
        var lag = await MetricAsync(primary, "exchange_replication_lag");
        Assert.True(lag > 0, $"replication lag {lag} while the link is cut");
        Assert.False(AcceptedIn(client, 2), "a sync-replicated order was acknowledged with no standby holding it");

        proxy.Restore();
        var deadline = DateTime.UtcNow + TestCluster.Patience;
        var accepted = false;
        while (!accepted)
        {
            Assert.True(DateTime.UtcNow < deadline, "no acknowledgement after the link came back");
            accepted = AcceptedIn(client, 2);
            await Task.Delay(20);
        }

        while (await MetricAsync(primary, "exchange_replication_lag") != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the replication lag stayed above zero after the link came back");
            await Task.Delay(200); // the metrics endpoint may serve a cached scrape for a moment
        }
    }

    [SkippableFact]
    public async Task A_standby_restarted_far_behind_catches_up_from_the_journal_and_its_chain_head_matches()
    {
        using var cluster = await TestCluster.StartAsync("--replication", "SyncReplicated", "--replication-backlog-megabytes", "1");
        cluster.StartAll();
        var (primary, _) = await cluster.WaitForPrimaryAsync();
        var behind = cluster.Nodes.First(n => n != primary);
        behind.Kill();

        // Far more than the 1 MiB backlog holds (a command takes about 100 bytes): the standby must be sent the journal.
        await OrderBurst.SendAsync(cluster.ClientOptions(), 15_000);
        behind.Start();
        var deadline = DateTime.UtcNow + TestCluster.Patience;
        while (JournalHistory.BoundaryAtOrBefore(behind.JournalDirectory, long.MaxValue) != JournalHistory.BoundaryAtOrBefore(primary.JournalDirectory, long.MaxValue))
        {
            Assert.True(DateTime.UtcNow < deadline, "the restarted standby never caught up");
            await Task.Delay(100);
        }

        await primary.WaitForLogAsync("sending it the journal from disk", TimeSpan.FromSeconds(10));
        output.WriteLine($"caught up to {JournalHistory.BoundaryAtOrBefore(behind.JournalDirectory, long.MaxValue)}");
    }

    /// <summary>Reads every message the client holds now; true if one acknowledges <paramref name="clientOrderId"/>.</summary>
    internal static bool AcceptedIn(ExchangeClient client, long clientOrderId)
    {
        var found = false;
        while (client.Messages.TryRead(out var message))
        {
            found |= message.TryAs<OrderAccepted>(out var accepted) && (long)accepted.ClientOrderId == clientOrderId;
        }

        return found;
    }

    private static async Task<double> MetricAsync(NodeProcess node, string name)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{node.HttpPort}/metrics"));
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && (line.Length > name.Length && (line[name.Length] == ' ' || line[name.Length] == '{')))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{name} is not among the metrics:\n{text}");
    }
}
