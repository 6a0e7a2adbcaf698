using Exchange.Engine;
using Exchange.Journal;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Replication.Tests;

/// <summary>
/// A standby far behind (<see cref="ReplicationOptions.SnapshotCatchUpCommands"/>) is sent the primary's
/// newest snapshot instead of the journal in between, installs it in place of its history, and follows
/// the journal after it to the primary's chain head and state.
/// </summary>
public sealed class SnapshotCatchUpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_standby_far_behind_takes_the_primarys_snapshot_then_the_journal_after_it_and_matches_its_chain_head_and_state()
    {
        using var pair = new ReplicaPair(new ReplicationOptions
        {
            NodeId = 1, Listen = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), Mode = ReplicationMode.AsyncReplicated,
            SnapshotCatchUpCommands = 2_000, PeerTimeout = TimeSpan.FromSeconds(30),
        });
        var folder = pair.Folder("standby");
        var journal = Path.Combine(folder, "journal");
        var snapshots = Path.Combine(folder, "snapshots");

        // The standby has followed the start of the history, then was away while the primary went on.
        var (early, earlyFollower) = pair.StartStandby(folder);
        foreach (var command in RandomCommands.Setup())
        {
            pair.Submit(command);
        }

        await pair.WaitCaughtUpAsync(early);
        var standbyEnd = early.JournalChain.Sequence;
        earlyFollower.Dispose();
        early.Dispose();

        foreach (var command in RandomCommands.FromSeed(31, 3_000))
        {
            pair.Submit(command);
        }

        var snapshotAt = await pair.Primary.RequestSnapshotAsync().WaitAsync(Patience);
        foreach (var command in RandomCommands.FromSeed(32, 300))
        {
            pair.Submit(command);
        }

        // Back, 3,000+ commands behind: the primary sends its snapshot, not the journal.
        var log = new ListLogger();
        string received;
        using (var engine = ExchangeEngine.Start(ReplicaPair.EngineOptionsFor(folder) with { Replica = true, Topology = pair.Topology }, NullLogger.Instance))
        using (var follower = new StandbyFollower(2, engine, journal, () => new LeaderInfo(1, pair.Leadership.Epoch, $"127.0.0.1:{pair.Replicator.Port}", ""),
            pair.Options with { NodeId = 2 }, log, snapshotDirectory: snapshots))
        {
            Assert.Equal(standbyEnd, engine.JournalChain.Sequence);
            follower.Start();
            var arrived = follower.SnapshotArrived.WaitAsync(Patience);
            await Task.WhenAny(arrived, Task.Delay(Patience));
            Assert.True(arrived.IsCompletedSuccessfully, $"no snapshot; standby said:\n{log}\nprimary said:\n{pair.Log}");
            received = await arrived;
            Assert.Equal(standbyEnd, engine.JournalChain.Sequence); // nothing of the journal came first
        }

        Assert.Contains("sending it snapshot", pair.Log.ToString(), StringComparison.Ordinal);
        var aside = JournalReplacement.ReplaceWithSnapshot(journal, snapshots, received);
        Assert.True(JournalDirectory.Segments(Path.Combine(aside, "journal")).Count > 0, "the old history is kept aside");
        Assert.Equal(snapshotAt + 1, JournalDirectory.FirstSequenceOf(JournalDirectory.Segments(journal)[0]));

        // Started again from the snapshot, it follows the journal after it.
        var (standby, _) = pair.StartStandby(folder);
        Assert.Equal(snapshotAt, standby.JournalChain.Sequence);
        foreach (var command in RandomCommands.FromSeed(33, 300))
        {
            pair.Submit(command);
        }

        await pair.WaitCaughtUpAsync(standby);
        Assert.Equal(pair.Primary.JournalChain, standby.JournalChain);
        var hashes = await Task.WhenAll(pair.Primary.QueryAsync(e => e.StateHash()), standby.QueryAsync(e => e.StateHash()));
        Assert.Equal(hashes[0], hashes[1]);
        Assert.DoesNotContain("sending it snapshot", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_standby_less_far_behind_is_sent_the_journal()
    {
        using var pair = new ReplicaPair(new ReplicationOptions
        {
            NodeId = 1, Listen = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), Mode = ReplicationMode.AsyncReplicated,
            SnapshotCatchUpCommands = 5_000, PeerTimeout = TimeSpan.FromSeconds(30),
        });
        foreach (var command in RandomCommands.Setup())
        {
            pair.Submit(command);
        }

        foreach (var command in RandomCommands.FromSeed(34, 2_000))
        {
            pair.Submit(command);
        }

        await pair.Primary.RequestSnapshotAsync().WaitAsync(Patience);
        var folder = pair.Folder("standby");
        var (standby, _) = pair.StartStandby(folder);
        await pair.WaitCaughtUpAsync(standby);
        Assert.Equal(pair.Primary.JournalChain, standby.JournalChain);
        Assert.Equal(1, JournalDirectory.FirstSequenceOf(JournalDirectory.Segments(Path.Combine(folder, "journal"))[0]));
        Assert.DoesNotContain("sending it snapshot", pair.Log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_primary_whose_journal_starts_after_a_snapshot_sends_that_snapshot_to_a_standby_behind_it_whatever_the_threshold()
    {
        // The primary's folder holds a history that starts after a snapshot (as on a node that caught up by one).
        var root = Path.Combine(Path.GetTempPath(), "exchange-repl-seeded-" + Guid.NewGuid().ToString("N"));
        var seeded = Path.Combine(root, "primary");
        long snapshotAt;
        using (var first = ExchangeEngine.Start(ReplicaPair.EngineOptionsFor(seeded), NullLogger.Instance))
        {
            foreach (var command in RandomCommands.Setup().Concat(RandomCommands.FromSeed(35, 1_000)))
            {
                Assert.True(first.Submit(command));
            }

            snapshotAt = await first.RequestSnapshotAsync().WaitAsync(Patience);
        }

        var taken = Path.Combine(seeded, "snapshots", Journal.Snapshots.SnapshotStore.FileName(snapshotAt));
        var copy = Path.Combine(root, "copy", Path.GetFileName(taken));
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(taken, copy);
        JournalReplacement.ReplaceWithSnapshot(Path.Combine(seeded, "journal"), Path.Combine(seeded, "snapshots"), copy);

        try
        {
            using var pair = new ReplicaPair(new ReplicationOptions
            {
                NodeId = 1, Listen = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), Mode = ReplicationMode.AsyncReplicated,
                SnapshotCatchUpCommands = 0, PeerTimeout = TimeSpan.FromSeconds(30),
            }, primaryFolder: seeded);
            foreach (var command in RandomCommands.FromSeed(36, 200))
            {
                pair.Submit(command);
            }

            // A new standby (an empty journal) cannot be sent a journal that does not reach back to sequence 1.
            var folder = pair.Folder("standby");
            var log = new ListLogger();
            string received;
            using (var engine = ExchangeEngine.Start(ReplicaPair.EngineOptionsFor(folder) with { Replica = true, Topology = pair.Topology }, NullLogger.Instance))
            using (var follower = new StandbyFollower(2, engine, Path.Combine(folder, "journal"),
                () => new LeaderInfo(1, pair.Leadership.Epoch, $"127.0.0.1:{pair.Replicator.Port}", ""), pair.Options with { NodeId = 2 }, log,
                snapshotDirectory: Path.Combine(folder, "snapshots")))
            {
                follower.Start();
                var arrived = follower.SnapshotArrived.WaitAsync(Patience);
                await Task.WhenAny(arrived, Task.Delay(Patience));
                Assert.True(arrived.IsCompletedSuccessfully, $"no snapshot; standby said:\n{log}\nprimary said:\n{pair.Log}");
                received = await arrived;
            }

            JournalReplacement.ReplaceWithSnapshot(Path.Combine(folder, "journal"), Path.Combine(folder, "snapshots"), received);
            var (standby, _) = pair.StartStandby(folder);
            await pair.WaitCaughtUpAsync(standby);
            Assert.Equal(pair.Primary.JournalChain, standby.JournalChain);
            var hashes = await Task.WhenAll(pair.Primary.QueryAsync(e => e.StateHash()), standby.QueryAsync(e => e.StateHash()));
            Assert.Equal(hashes[0], hashes[1]);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
