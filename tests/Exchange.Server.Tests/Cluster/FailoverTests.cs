using System.Collections.Concurrent;
using System.Diagnostics;
using Exchange.Client;
using Exchange.Engine;
using Exchange.Engine.Recovery;
using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Journal;
using Exchange.Journal.Reading;
using Exchange.Protocol.OrderEntry;
using Xunit.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Server.Tests.Cluster;

/// <summary>
/// Three real nodes and a real etcd: the primary is killed (-9) under load; a standby takes over; the client,
/// which knows every node, reconnects and resumes its reply stream. Nothing acknowledged is lost and the new
/// primary's history is the old one's.
/// </summary>
[Collection("Cluster")]
public sealed class FailoverTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Kill_9_of_the_primary_under_load_loses_no_acknowledged_order_and_the_client_resumes_without_a_gap()
    {
        using var cluster = await TestCluster.StartAsync("--replication", "SyncReplicated");
        cluster.StartAll();
        var (old, epoch) = await cluster.WaitForPrimaryAsync();
        List<long> ackedByOld;
        var load = await OrderLoad.StartAsync(cluster.ClientOptions());
        await using (load)
        {
            await load.WaitForAcceptedAsync(150, TestCluster.Patience);
            old.Kill();
            ackedByOld = [.. load.Accepted.Values];
            var acceptedAtKill = ackedByOld.Count;
            var (next, newEpoch) = await cluster.WaitForPrimaryAsync(epoch);
            Assert.NotSame(old, next);
            Assert.True(newEpoch > epoch);
            await WaitUntilAsync(() => next.PromotionAndReadySequences(newEpoch) is not null, "the new primary's ready line");
            var (promoted, ready) = next.PromotionAndReadySequences(newEpoch)!.Value;
            Assert.Equal(promoted, ready); // the ready line names the sequence it took over at, not the one it recovered to at process start
            Assert.True(ready > 0);
            await load.WaitForAcceptedAsync(acceptedAtKill + 150, TestCluster.Patience);
            await load.StopSendingAsync();

            // Every order the client saw acknowledged is on the new primary.
            var open = await load.Client.QueryOpenOrdersAsync(TimeSpan.FromSeconds(60), instrument: 2);
            var present = open.Select(o => (long)o.ClientOrderId).ToHashSet();
            var missing = load.Accepted.Keys.Where(id => !present.Contains(id)).ToList();
            Assert.True(missing.Count == 0, $"acknowledged but missing on the new primary: {string.Join(", ", missing.Take(20))}");

            // The reply stream has no gap: every numbered reply, in order, exactly once.
            List<ulong> sequences;
            lock (load.ReplySequences)
            {
                sequences = [.. load.ReplySequences];
            }

            for (var i = 1; i < sequences.Count; i++)
            {
                Assert.True(sequences[i] == sequences[i - 1] + 1, $"reply {sequences[i]} follows {sequences[i - 1]}");
            }
        }

        foreach (var node in cluster.Nodes)
        {
            node.Kill();
        }

        // Both journals hold the same history up to everything the old primary acknowledged: the same state hash at each point.
        var survivor = cluster.Nodes.Single(n => n != old && n.PrimaryEpochs().Count > 0);
        var oldHead = JournalHistory.BoundaryAtOrBefore(old.JournalDirectory, long.MaxValue)!.Value;
        var common = JournalHistory.BoundaryAtOrBefore(survivor.JournalDirectory, oldHead.Sequence)!.Value;
        while (JournalHistory.BoundaryAtOrBefore(old.JournalDirectory, common.Sequence) != common)
        {
            common = JournalHistory.BoundaryAtOrBefore(survivor.JournalDirectory, common.Sequence - 1)!.Value; // the old primary's unacknowledged suffix, if any
        }

        Assert.True(ackedByOld.Count > 0);
        Assert.True(ackedByOld.Max() <= common.Sequence, $"the old primary acknowledged sequence {ackedByOld.Max()} but the new one's history agrees with it only to {common.Sequence}");
        output.WriteLine($"epochs {epoch} -> new primary; {load.Accepted.Count} orders acknowledged ({ackedByOld.Count} by the old primary, up to sequence {ackedByOld.Max()}); old head {oldHead.Sequence}, histories agree to {common.Sequence}; {load.ReplySequences.Count} numbered replies");

        // The state hash after every command up to there, replaying each journal through its own state machine.
        var before = new MatchingEngine();
        var after = new MatchingEngine();
        var events = new EventBuffer();
        using (var oldJournal = new JournalCursor(old.JournalDirectory))
        using (var newJournal = new JournalCursor(survivor.JournalDirectory))
        {
            while (oldJournal.MoveNext() && oldJournal.Header.Sequence <= common.Sequence)
            {
                Assert.True(newJournal.MoveNext());
                events.Clear();
                before.Process(oldJournal.ReadCommand(), events);
                events.Clear();
                after.Process(newJournal.ReadCommand(), events);
                Assert.True(before.StateHash() == after.StateHash(), $"the state hashes differ at sequence {before.LastSequence}");
            }
        }

        Assert.Equal(common.Sequence, after.LastSequence);
        var recovered = Recover(survivor.DataDirectory, common.Sequence); // and the engine's own recovery agrees
        Assert.Equal(after.StateHash(), recovered.Engine.StateHash());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TestCluster.Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(50);
        }
    }

    private static RecoveryResult Recover(string dataDirectory, long to) =>
        EngineRecovery.Recover(new EngineOptions { DataDirectory = dataDirectory }, NullLogger.Instance, toSequence: to, repairTornTail: false);
}
