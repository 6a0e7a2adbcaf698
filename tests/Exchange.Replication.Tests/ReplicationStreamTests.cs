using Exchange.Core.Commands;
using Exchange.Engine;
using Exchange.Journal;
using Exchange.Testing;

namespace Exchange.Replication.Tests;

public sealed class ReplicationStreamTests
{
    private static void SubmitAll(ReplicaPair pair, IEnumerable<Command> commands)
    {
        foreach (var command in commands)
        {
            pair.Submit(command);
        }
    }

    [Theory]
    [InlineData(PipelineTopology.Compact)]
    [InlineData(PipelineTopology.Dedicated)]
    public async Task A_standby_journals_the_same_bytes_and_reaches_the_same_state(PipelineTopology topology)
    {
        using var pair = new ReplicaPair(topology: topology);
        var (standby, _) = pair.StartStandby(pair.Folder("standby"));
        SubmitAll(pair, RandomCommands.Setup());
        SubmitAll(pair, RandomCommands.FromSeed(11, 3_000));
        await pair.WaitCaughtUpAsync(standby);

        Assert.Equal(pair.Primary.JournalChain, standby.JournalChain);
        var hashes = await Task.WhenAll(pair.Primary.QueryAsync(e => e.StateHash()), standby.QueryAsync(e => e.StateHash()));
        Assert.Equal(hashes[0], hashes[1]);
        var primarySegments = JournalDirectory.Segments(Path.Combine(pair.PrimaryFolder, "journal"));
        var standbySegments = JournalDirectory.Segments(Path.Combine(pair.Folder("standby"), "journal"));
        Assert.Equal(primarySegments.Count, standbySegments.Count);
        for (var i = 0; i < primarySegments.Count; i++)
        {
            Assert.Equal(Path.GetFileName(primarySegments[i]), Path.GetFileName(standbySegments[i]));
            Assert.Equal(File.ReadAllBytes(primarySegments[i]), File.ReadAllBytes(standbySegments[i]));
        }
    }
}

public sealed class ReplicationCatchUpTests
{
    [Fact]
    public async Task A_standby_started_far_behind_catches_up_from_the_journal_and_its_chain_head_matches()
    {
        // A backlog of 4 KiB holds a batch or two: everything older comes from the primary's journal files.
        using var pair = new ReplicaPair(new ReplicationOptions
        {
            NodeId = 1, Listen = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), Mode = ReplicationMode.AsyncReplicated, BacklogBytes = 4096,
        });
        foreach (var command in RandomCommands.Setup().Concat(RandomCommands.FromSeed(5, 5_000)))
        {
            pair.Submit(command);
        }

        var (standby, follower) = pair.StartStandby(pair.Folder("late"));
        foreach (var command in RandomCommands.FromSeed(6, 2_000))
        {
            pair.Submit(command);
        }

        await pair.WaitCaughtUpAsync(standby);
        Assert.Equal(pair.Primary.JournalChain, standby.JournalChain);
        Assert.Equal(0, follower.Lag);
    }
}

public sealed class ReplicationDurabilityTests
{
    private static ReplicationOptions Options(LinkLossPolicy policy = LinkLossPolicy.Wait) => new()
    {
        NodeId = 1, Listen = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), Mode = ReplicationMode.SyncReplicated,
        LinkLoss = policy, DegradeAfter = TimeSpan.FromMilliseconds(300),
    };

    [Fact]
    public async Task Sync_replicated_processes_nothing_until_a_standby_holds_it_then_everything()
    {
        using var pair = new ReplicaPair(Options());
        foreach (var command in RandomCommands.Setup())
        {
            Assert.True(pair.Primary.Submit(command));
        }

        await Task.Delay(500);
        Assert.Equal(0, pair.Primary.ProcessedSequence); // journaled locally, but no standby has it: not processed
        Assert.True(pair.Primary.JournalChain.Sequence >= 1);

        var (standby, _) = pair.StartStandby(pair.Folder("standby"));
        await pair.WaitCaughtUpAsync(standby);
        Assert.True(pair.Primary.ProcessedSequence > RandomCommands.Setup().Count());
        Assert.True(pair.Replicator.QuorumAcknowledged >= pair.Primary.ProcessedSequence);
    }

    [Fact]
    public async Task Degrade_goes_on_alone_after_the_wait_and_is_sync_again_once_a_standby_caught_up()
    {
        using var pair = new ReplicaPair(Options(LinkLossPolicy.Degrade));
        foreach (var command in RandomCommands.Setup())
        {
            Assert.True(pair.Primary.Submit(command));
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (pair.Primary.ProcessedSequence < pair.Primary.JournalChain.Sequence || pair.Primary.ProcessedSequence == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the degraded primary never processed its commands");
            await Task.Delay(20);
        }

        Assert.True(pair.Replicator.IsDegraded);
        var (standby, _) = pair.StartStandby(pair.Folder("standby"));
        await pair.WaitCaughtUpAsync(standby);
        while (pair.Replicator.IsDegraded)
        {
            Assert.True(DateTime.UtcNow < deadline, "still degraded after the standby caught up");
            Assert.True(pair.Primary.Submit(Command.TimeTick())); // an ack of a new batch ends the degraded state
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_primary_that_lost_its_lease_processes_nothing_more_and_fails_with_the_reason()
    {
        using var pair = new ReplicaPair(Options() with { Mode = ReplicationMode.AsyncReplicated });
        foreach (var command in RandomCommands.Setup())
        {
            Assert.True(pair.Primary.Submit(command));
        }

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (pair.Primary.ProcessedSequence < pair.Primary.JournalChain.Sequence)
        {
            Assert.True(DateTime.UtcNow < deadline);
            await Task.Delay(20);
        }

        var processed = pair.Primary.ProcessedSequence;
        pair.Leadership.Holds = false;
        pair.Primary.Submit(Command.Deposit(RandomCommands.Setup().First(c => c.Type == CommandType.AddAccount).AccountId, 2, 5));
        var cause = await pair.Primary.Failed.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.IsType<FencedException>(cause);
        Assert.Equal(processed, pair.Primary.ProcessedSequence);
    }
}
