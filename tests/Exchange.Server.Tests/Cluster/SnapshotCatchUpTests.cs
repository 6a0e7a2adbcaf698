using Exchange.Client;
using Exchange.Journal;
using Exchange.Protocol.OrderEntry;
using Xunit.Abstractions;

namespace Exchange.Server.Tests.Cluster;

/// <summary>
/// Catch-up by snapshot with real processes: a standby restarted far behind is sent the primary's
/// snapshot and read models, replaces its history with them, follows the journal after them to the
/// primary's chain head, and, once it leads, resends a client's replies from before the snapshot.
/// </summary>
[Collection("Cluster")]
public sealed class SnapshotCatchUpTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_standby_restarted_far_behind_takes_the_snapshot_then_leads_with_the_same_history_and_reply_streams()
    {
        using var cluster = await TestCluster.StartAsync("--replication", "AsyncReplicated", "--snapshot-every-commands", "2000",
            "--replication-snapshot-catch-up-commands", "3000");
        cluster.StartAll();
        var (primary, firstEpoch) = await cluster.WaitForPrimaryAsync();
        var behind = cluster.Nodes.First(n => n != primary);
        behind.Kill();

        var seen = await OrderBurst.SendAsync(cluster.ClientOptions(), 6_000); // reply sequence → client order id, as the primary sent them
        behind.Start();
        await behind.WaitForLogAsync("installed the primary's snapshot", TestCluster.Patience);
        await primary.WaitForLogAsync("sending it snapshot", TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow + TestCluster.Patience;
        while (JournalHistory.BoundaryAtOrBefore(behind.JournalDirectory, long.MaxValue) != JournalHistory.BoundaryAtOrBefore(primary.JournalDirectory, long.MaxValue))
        {
            Assert.True(DateTime.UtcNow < deadline, "the standby never caught up after the snapshot");
            await Task.Delay(100);
        }

        var firstKept = JournalDirectory.FirstSequenceOf(JournalDirectory.Segments(behind.JournalDirectory)[0]);
        Assert.True(firstKept > 1, "its journal starts after the snapshot");
        Assert.True(Directory.Exists(Path.Combine(behind.DataDirectory, JournalReplacement.Folder)));
        output.WriteLine($"caught up to {JournalHistory.BoundaryAtOrBefore(behind.JournalDirectory, long.MaxValue)}; its journal starts at {firstKept}");

        // Only the node that caught up by snapshot is left: it leads, and resends replies the primary sent before its snapshot.
        foreach (var node in cluster.Nodes.Where(n => n != behind))
        {
            node.Kill();
        }

        var (leader, _) = await cluster.WaitForPrimaryAsync(after: firstEpoch);
        Assert.Same(behind, leader);
        var last = seen.Keys.Max();
        var from = last - 1_000;
        await using var again = await ExchangeClient.ConnectAsync(cluster.ClientOptions() with { LastSeenSequence = (long)from });
        var resent = new Dictionary<ulong, ulong>();
        using var timeout = new CancellationTokenSource(TestCluster.Patience);
        await foreach (var message in again.Messages.ReadAllAsync(timeout.Token))
        {
            OrderBurst.Record(message, resent);
            if (resent.Count > 0 && resent.Keys.Max() >= last)
            {
                break;
            }
        }

        foreach (var (sequence, clientOrderId) in seen)
        {
            if (sequence > from)
            {
                Assert.Equal(clientOrderId, resent[sequence]);
            }
        }
    }
}
