using CsCheck;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Core.Tests.Reference;
using Exchange.Testing;

namespace Exchange.Core.Tests.State;

public sealed class DeterminismTests
{
    private static (List<Event> Events, MatchingEngine Engine) Run(IEnumerable<Command> commands, MatchingEngine? start = null)
    {
        var exchange = new TestExchange(start);
        var events = new List<Event>();
        foreach (var command in commands)
        {
            events.AddRange(exchange.Submit(command));
        }

        return (events, exchange.Engine);
    }

    [Fact]
    public void Same_commands_give_identical_events_and_hash()
    {
        RandomCommands.Stream.Sample(stream =>
        {
            var commands = RandomCommands.Setup().Concat(stream).ToArray();
            var first = Run(commands);
            var second = Run(commands);
            Assert.Equal(first.Events, second.Events);
            Assert.Equal(first.Engine.StateHash(), second.Engine.StateHash());
            Assert.Equal(first.Engine.SaveState(), second.Engine.SaveState());
        }, iter: 1_000);
    }

    [Fact]
    public void State_round_trips_and_the_restored_engine_continues_identically()
    {
        Gen.Select(RandomCommands.Stream, RandomCommands.Stream).Sample((head, tail) =>
        {
            var prefix = RandomCommands.Setup().Concat(head).ToArray();
            var (_, original) = Run(prefix);
            var restored = MatchingEngine.LoadState(original.SaveState());
            Assert.Equal(original.StateHash(), restored.StateHash());
            Assert.Equal(original.SaveState(), restored.SaveState());

            var (eventsOriginal, afterOriginal) = Run(tail, original);
            var (eventsRestored, afterRestored) = Run(tail, restored);
            Assert.Equal(eventsOriginal, eventsRestored);
            Assert.Equal(afterOriginal.StateHash(), afterRestored.StateHash());
            Invariants.Check(afterRestored);
        }, iter: 1_000);
    }

    [Fact]
    public void Different_states_have_different_hashes()
    {
        var (_, a) = Run(RandomCommands.Setup());
        var (_, b) = Run(RandomCommands.Setup().Append(Command.Deposit(1, 1, 1)));
        var (_, c) = Run(RandomCommands.Setup().Append(Command.Deposit(2, 1, 1)));
        Assert.NotEqual(a.StateHash(), b.StateHash());
        Assert.NotEqual(b.StateHash(), c.StateHash());
    }

    [Fact]
    public void Truncated_state_is_a_clear_error_at_every_length()
    {
        var (_, engine) = Run(RandomCommands.Setup().Append(Command.PlaceLimit(1, 1, 1, Core.Orders.Side.Buy, 1_000, 10)));
        var bytes = engine.SaveState();
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => MatchingEngine.LoadState(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void Unknown_state_version_is_refused()
    {
        var bytes = new MatchingEngine().SaveState();
        bytes[4] = 99;
        var error = Assert.Throws<InvalidDataException>(() => MatchingEngine.LoadState(bytes));
        Assert.Contains("version 99", error.Message, StringComparison.Ordinal);
    }
}
