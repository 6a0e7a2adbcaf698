using Exchange.Core.Commands;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Engine.Tests;

/// <summary><see cref="ExchangeEngine.TrySubmit"/> answers at once: accepted, back-pressured (ring full), or stopped.</summary>
public abstract class BackPressureTests(PipelineTopology topology)
{
    [Fact]
    public void A_full_input_ring_is_an_answer_not_a_wait_and_everything_accepted_is_processed()
    {
        using var folder = new EngineFolder(topology);
        using var disk = new StallingDisk();
        var engine = ExchangeEngine.Start(folder.Options() with { JournalIo = disk, InputRingSize = 16 }, NullLogger.Instance);
        var stream = EngineFolder.SampleStream(30, 200);
        Assert.Equal(SubmitResult.Accepted, engine.TrySubmit(stream[0]));
        Assert.True(SpinWait.SpinUntil(() => engine.ProcessedSequence == 1, TimeSpan.FromSeconds(60)));

        disk.Stall();
        var accepted = 1;
        var backPressured = 0;
        for (var i = 1; i < stream.Length; i++)
        {
            switch (engine.TrySubmit(stream[i]))
            {
                case SubmitResult.Accepted:
                    accepted++;
                    break;
                case SubmitResult.BackPressured:
                    backPressured++;
                    break;
                default:
                    Assert.Fail("the engine is running");
                    break;
            }
        }

        // The journaller holds one batch in its stalled write; the ring holds 16 more at the most.
        Assert.InRange(accepted, 2, 1 + 16 + 16);
        Assert.Equal(stream.Length - accepted, backPressured);

        disk.Release();
        Assert.True(SpinWait.SpinUntil(() => engine.ProcessedSequence == accepted, TimeSpan.FromSeconds(60)));
        engine.Dispose();
        Assert.Equal(SubmitResult.Stopped, engine.TrySubmit(Command.TimeTick()));
    }
}

public sealed class BackPressureTestsCompact() : BackPressureTests(PipelineTopology.Compact);

public sealed class BackPressureTestsDedicated() : BackPressureTests(PipelineTopology.Dedicated);
