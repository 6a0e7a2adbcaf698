using Exchange.Core.Commands;
using Exchange.Engine;
using Exchange.Journal;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Replication.Tests;

public sealed class RejoinTests
{
    [Fact]
    public async Task A_node_with_batches_the_leader_never_had_cuts_them_aside_and_then_follows()
    {
        using var pair = new ReplicaPair(new ReplicationOptions
        {
            NodeId = 1, Listen = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), Mode = ReplicationMode.AsyncReplicated,
        });
        foreach (var command in RandomCommands.Setup())
        {
            pair.Submit(command);
        }

        var folder = pair.Folder("deposed");
        var (node, follower) = pair.StartStandby(folder);
        await pair.WaitCaughtUpAsync(node);
        var common = node.JournalChain;

        // The node stops following and leads on its own for a while (a deposed primary's unacknowledged suffix) ...
        follower.Dispose();
        node.Promote();
        foreach (var command in RandomCommands.FromSeed(21, 500))
        {
            Assert.True(node.Submit(command));
        }

        node.Dispose();
        // ... while the real primary goes on with other commands.
        foreach (var command in RandomCommands.FromSeed(22, 500))
        {
            pair.Submit(command);
        }

        var journal = Path.Combine(folder, "journal");
        var log = new ListLogger();
        using (var again = ExchangeEngine.Start(ReplicaPair.EngineOptionsFor(folder) with { Replica = true }, NullLogger.Instance))
        using (var rejoin = new StandbyFollower(2, again, journal, () => new LeaderInfo(1, pair.Leadership.Epoch, $"127.0.0.1:{pair.Replicator.Port}", ""), pair.Options with { NodeId = 2 }, log))
        {
            Assert.NotEqual(common.Sequence, again.JournalChain.Sequence);
            rejoin.Start();
            var cut = rejoin.CutNeeded.WaitAsync(TimeSpan.FromSeconds(60));
            await Task.WhenAny(cut, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(cut.IsCompletedSuccessfully, $"no cut; standby said:\n{log}\nprimary said:\n{pair.Log}");
            var cutAfter = await cut;
            Assert.Equal(common.Sequence, cutAfter);
        }

        var kept = JournalSuffix.CutAfter(journal, Path.Combine(folder, "snapshots"), common.Sequence);
        Assert.NotEmpty(kept.KeptFiles);
        Assert.All(kept.KeptFiles, f => Assert.True(File.Exists(f)));
        Assert.Equal(common, JournalHistory.BoundaryAtOrBefore(journal, long.MaxValue));

        var (standby, _) = pair.StartStandby(folder);
        await pair.WaitCaughtUpAsync(standby);
        Assert.Equal(pair.Primary.JournalChain, standby.JournalChain);
    }
}
