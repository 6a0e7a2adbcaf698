using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Engine.Tests;

public abstract class StageTraceTests(PipelineTopology topology)
{
    [Theory]
    [InlineData(Durability.Sync)]
    [InlineData(Durability.Async)]
    public void Every_command_is_stamped_at_each_stage_in_the_order_it_passes_them(Durability durability)
    {
        using var folder = new EngineFolder(topology);
        var trace = new StageTrace(100); // 128 slots: the 300 commands wrap around it
        var commands = EngineFolder.SampleStream(5, 300);
        var sink = new CollectingSink();
        var engine = ExchangeEngine.Start(folder.Options(durability) with { StageTrace = trace }, NullLogger.Instance, sink);
        foreach (var command in commands)
        {
            SubmitResult result;
            while ((result = engine.TrySubmit(command, readTimestamp: System.Diagnostics.Stopwatch.GetTimestamp())) == SubmitResult.BackPressured)
            {
                Thread.Sleep(1); // the test's ring is small: wait for room as a gateway's client would
            }

            Assert.Equal(SubmitResult.Accepted, result);
        }

        engine.Dispose();
        var withEvents = sink.Events.Select(e => e.Sequence).ToHashSet();

        Assert.Equal(128, trace.Capacity);
        var last = commands.Length;
        for (var sequence = last - 127; sequence <= last; sequence++)
        {
            var i = trace.SlotOf(sequence);
            Assert.Equal(sequence, trace.Sequence[i]); // the newest commands are the ones kept
            Assert.Equal(commands[sequence - 1].AccountId, trace.Account[i]);
            Assert.Equal(commands[sequence - 1].ClientOrderId, trace.ClientOrderId[i]);
            Assert.True(trace.Read[i] > 0 && trace.Read[i] <= trace.Queued[i], $"{sequence}: read {trace.Read[i]}, queued {trace.Queued[i]}");
            Assert.True(trace.Queued[i] <= trace.Committed[i], $"{sequence}: queued {trace.Queued[i]}, committed {trace.Committed[i]}");
            Assert.True(trace.Committed[i] <= trace.Processed[i], $"{sequence}: committed {trace.Committed[i]}, processed {trace.Processed[i]}");
            var published = trace.PublishedAt(i);
            Assert.True(withEvents.Contains(sequence) ? trace.Processed[i] <= published : published == 0,
                $"{sequence}: processed {trace.Processed[i]}, published {published} (a command without events is never published)");
        }
    }
}

public sealed class StageTraceTestsCompact() : StageTraceTests(PipelineTopology.Compact);

public sealed class StageTraceTestsDedicated() : StageTraceTests(PipelineTopology.Dedicated);
