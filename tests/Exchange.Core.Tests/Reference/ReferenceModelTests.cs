using CsCheck;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Core.Orders;
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

                // The hold asset's balance on order events is not modelled here: the gateway's read-model
                // test checks it end to end against the engine's balances (AccountViewTests).
                actual = [.. actual.Select(e => e.Type is EventType.OrderAccepted or EventType.TradeExecuted or EventType.OrderCanceled or EventType.OrderReplaced
                    or EventType.OrderExpired or EventType.OrderReduced or EventType.OrderTriggered ? e with { AssetId = 0, Available = 0, Held = 0 } : e)];
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
        // Fixed seeds (the same draws as the generator's), so the counts are repeatable and the thresholds cannot flake.
        var counts = new Dictionary<EventType, int>();
        var reasons = new Dictionary<CancelReason, int>();
        var icebergFills = 0;
        for (var seed = 0; seed < 400; seed++)
        {
            var exchange = new TestExchange();
            foreach (var command in RandomCommands.Setup().Concat(RandomCommands.FromSeed(seed, 1 + (seed % 120))))
            {
                foreach (var e in exchange.Submit(command))
                {
                    counts[e.Type] = counts.GetValueOrDefault(e.Type) + 1;
                    reasons[e.CancelReason] = reasons.GetValueOrDefault(e.CancelReason) + 1;
                    if (e.Type == EventType.TradeExecuted && exchange.Engine.TryGetOrder(e.MakerOrderId, out var maker) && maker.DisplayQuantity != 0)
                    {
                        icebergFills++;
                    }
                }
            }
        }

        var summary = string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value}")) + "; " + string.Join(", ", reasons.Select(kv => $"{kv.Key}={kv.Value}"))
            + $"; iceberg maker fills (partial)={icebergFills}";
        Assert.True(counts.GetValueOrDefault(EventType.TradeExecuted) > 500, summary);
        Assert.True(counts.GetValueOrDefault(EventType.OrderRejected) > 500, summary);
        Assert.True(counts.GetValueOrDefault(EventType.OrderCanceled) > 100, summary);
        Assert.True(counts.GetValueOrDefault(EventType.OrderExpired) > 50, summary);
        Assert.True(counts.GetValueOrDefault(EventType.OrderReplaced) > 50, summary);
        Assert.True(counts.GetValueOrDefault(EventType.OrderReduced) > 5, summary);
        Assert.True(counts.GetValueOrDefault(EventType.OrderTriggered) > 50, summary);
        Assert.True(reasons.GetValueOrDefault(CancelReason.Expired) > 20, summary);
        Assert.True(reasons.GetValueOrDefault(CancelReason.QuoteAmountSpent) > 20, summary);
        Assert.True(icebergFills > 20, summary);
    }
}
