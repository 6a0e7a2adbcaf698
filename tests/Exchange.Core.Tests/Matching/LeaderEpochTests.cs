using Exchange.Core.Commands;
using Exchange.Testing;

namespace Exchange.Core.Tests.Matching;

/// <summary>LeaderEpoch marks in the journal where a primary's history starts: like a time tick it moves only the last sequence and time, and emits nothing, live or replayed.</summary>
public sealed class LeaderEpochTests
{
    [Fact]
    public void A_leader_epoch_changes_what_a_time_tick_changes_and_emits_no_event()
    {
        var epoch = new TestExchange();
        var tick = new TestExchange();
        foreach (var command in RandomCommands.Setup().Concat(RandomCommands.FromSeed(9, 300)))
        {
            epoch.Submit(command);
            tick.Submit(command);
        }

        Assert.Empty(epoch.Submit(Command.LeaderEpoch(epoch: 42, nodeId: 3)));
        Assert.Empty(tick.Submit(Command.TimeTick()));
        Assert.Equal(tick.Engine.StateHash(), epoch.Engine.StateHash());
    }

    [Fact]
    public void A_stream_with_leader_epochs_replays_to_the_same_events_and_state()
    {
        var commands = new List<Command>(RandomCommands.Setup());
        var random = RandomCommands.FromSeed(3, 2_000);
        for (var i = 0; i < random.Length; i++)
        {
            commands.Add(random[i]);
            if (i % 500 == 0)
            {
                commands.Add(Command.LeaderEpoch(epoch: 10 + i, nodeId: 1 + (i % 3)));
            }
        }

        var live = new TestExchange();
        var liveEvents = commands.SelectMany(live.Submit).ToList();
        var replay = new TestExchange();
        var replayEvents = live.Journal.SelectMany(c => replay.Submit(c)).ToList();
        Assert.Equal(liveEvents, replayEvents);
        Assert.Equal(live.Engine.StateHash(), replay.Engine.StateHash());
    }
}
