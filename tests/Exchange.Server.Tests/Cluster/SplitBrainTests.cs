using Exchange.Client;
using Exchange.Journal;
using Xunit.Abstractions;

namespace Exchange.Server.Tests.Cluster;

/// <summary>
/// The primary freezes (SIGSTOP) past its lease, a standby takes over, then the old primary runs again
/// (SIGCONT): it must acknowledge nothing more — not even an order that reached its socket meanwhile —
/// and must come back as a standby of the new primary, with the same history.
/// </summary>
[Collection("Cluster")]
public sealed class SplitBrainTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task A_frozen_primary_woken_after_a_failover_acknowledges_nothing_and_rejoins_as_a_standby()
    {
        using var cluster = await TestCluster.StartAsync("--replication", "SyncReplicated");
        cluster.StartAll();
        var (old, epoch) = await cluster.WaitForPrimaryAsync();
        await using var load = await OrderLoad.StartAsync(cluster.ClientOptions());
        await load.WaitForAcceptedAsync(50, TestCluster.Patience);

        // A second client bound to the old primary alone, that never reconnects elsewhere.
        await using var pinned = await ExchangeClient.ConnectAsync(new ClientOptions
        {
            Endpoints = [("127.0.0.1", old.Port)], Account = 1002, Secret = "bob-secret",
        });
        old.Pause();
        const long lateOrder = 777_000;
        await pinned.SendOrderAsync(NewOrderRequest.Limit(lateOrder, 2, Protocol.Orders.Side.Buy, 2_800, 1));

        var (next, newEpoch) = await cluster.WaitForPrimaryAsync(epoch);
        Assert.NotSame(old, next);
        var before = load.Accepted.Count;
        await load.WaitForAcceptedAsync(before + 50, TestCluster.Patience);

        old.Resume();
        await old.WaitForLogAsync("FENCED", TestCluster.Patience);
        await old.WaitForLogAsync("is a hot standby", TestCluster.Patience, atLeast: 2); // started again, as a standby
        await old.WaitForLogAsync($"following primary {next.Id} (epoch {newEpoch})", TestCluster.Patience);

        // The order that reached the frozen primary was never acknowledged: no OrderAccepted for it, and it is not on the new primary.
        Assert.False(ReplicationLinkTests.AcceptedIn(pinned, lateOrder), "the deposed primary acknowledged an order after its lease lapsed");
        await using (var bob = await ExchangeClient.ConnectAsync(cluster.ClientOptions(1002, "bob-secret")))
        {
            var open = await bob.QueryOpenOrdersAsync(TimeSpan.FromSeconds(60), instrument: 2);
            Assert.DoesNotContain(open, o => o.ClientOrderId == lateOrder);
        }

        // It rejoined as a standby: its journal reaches the new primary's head.
        await load.StopSendingAsync();
        var deadline = DateTime.UtcNow + TestCluster.Patience;
        while (JournalHistory.BoundaryAtOrBefore(old.JournalDirectory, long.MaxValue) != JournalHistory.BoundaryAtOrBefore(next.JournalDirectory, long.MaxValue))
        {
            Assert.True(DateTime.UtcNow < deadline, "the deposed primary never caught up with the new one");
            await Task.Delay(100);
        }

        output.WriteLine($"epoch {epoch} -> {newEpoch}; cut lines: {old.Count("cut this journal back")}; acknowledged {load.Accepted.Count}");
        Assert.DoesNotContain(old.PrimaryEpochs(), e => e > epoch);
    }
}
