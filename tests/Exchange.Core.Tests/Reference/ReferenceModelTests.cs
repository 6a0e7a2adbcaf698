using CsCheck;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Testing;

namespace Exchange.Core.Tests.Reference;

public sealed class ReferenceModelTests
{
    [Fact]
    public void Engine_and_reference_emit_identical_events_for_random_streams()
    {
        RandomCommands.Stream.Sample(stream =>
        {
            var engine = new TestExchange();
            var reference = new ReferenceExchange();
            foreach (var command in RandomCommands.Setup().Concat(stream))
            {
                var actual = engine.Submit(command);
                var stamped = engine.Journal[^1];
                var expected = reference.Process(stamped);
                if (!expected.SequenceEqual(actual))
                {
                    throw new InvalidOperationException(
                        $"Command {stamped.Sequence} {command.Type}: expected\n  {string.Join("\n  ", expected)}\nactual\n  {string.Join("\n  ", actual)}");
                }
            }
        }, iter: 3_000);
    }

    [Fact]
    public void Invariants_hold_after_every_command_of_random_streams()
    {
        RandomCommands.Stream.Sample(stream =>
        {
            var exchange = new TestExchange();
            foreach (var command in RandomCommands.Setup().Concat(stream))
            {
                exchange.Submit(command);
                Invariants.Check(exchange.Engine);
            }
        }, iter: 2_000);
    }

    [Fact]
    public void Random_streams_trade_and_reject_often_enough_to_mean_something()
    {
        // Guards the generator: if it stopped producing trades and rejects, the two tests above would prove little.
        var counts = new Dictionary<EventType, int>();
        RandomCommands.Stream.Sample(stream =>
        {
            var exchange = new TestExchange();
            foreach (var command in RandomCommands.Setup().Concat(stream))
            {
                foreach (var e in exchange.Submit(command))
                {
                    lock (counts)
                    {
                        counts[e.Type] = counts.GetValueOrDefault(e.Type) + 1;
                    }
                }
            }
        }, iter: 300, threads: 1);

        var summary = string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value}"));
        Assert.True(counts.GetValueOrDefault(EventType.TradeExecuted) > 500, summary);
        Assert.True(counts.GetValueOrDefault(EventType.OrderRejected) > 500, summary);
        Assert.True(counts.GetValueOrDefault(EventType.OrderCanceled) > 100, summary);
        Assert.True(counts.GetValueOrDefault(EventType.OrderExpired) > 50, summary);
        Assert.True(counts.GetValueOrDefault(EventType.OrderReplaced) > 50, summary);
        Assert.True(counts.GetValueOrDefault(EventType.OrderReduced) > 5, summary);
    }
}
