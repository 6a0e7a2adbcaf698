using System.Diagnostics;
using Exchange.Disruptor.Dsl;
using Exchange.Disruptor.Processing;

namespace Exchange.Disruptor.Tests;

/// <summary>Measures the process's CPU time, so it runs alone: other tests' work would count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CpuMeasuredAlone
{
    public const string Name = "cpu measured alone";
}

[Collection(CpuMeasuredAlone.Name)]
public sealed class BlockingProgressWaitTests
{
    /// <summary>An upstream stage that holds one event until it is released (sleeping, not spinning).</summary>
    private struct HoldingHandler(ManualResetEventSlim holding, ManualResetEventSlim release) : IEventHandler<Slot>
    {
        public readonly void OnEvent(ref Slot data, long sequence, bool endOfBatch)
        {
            if (sequence == 0)
            {
                holding.Set();
                release.Wait();
            }
        }

        public readonly void OnBatchStart(long batchSize)
        {
        }

        public readonly void OnStart()
        {
        }

        public readonly void OnShutdown()
        {
        }

        public readonly void OnTimeout(long sequence)
        {
        }
    }

    [Fact]
    public void A_stage_waiting_for_a_slow_upstream_stage_sleeps_and_wakes_when_it_advances()
    {
        using var holding = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var record = new Record();
        var disruptor = new Disruptor<Slot>(64, ProducerType.Single, new BlockingWaitStrategy(), () => new Slot());
        disruptor.HandleEventsWith(new HoldingHandler(holding, release)).Then(new CheckingHandler(record));
        var ring = disruptor.Start();
        for (var i = 0; i < 10; i++)
        {
            var sequence = ring.Next();
            ring[sequence].Set(i);
            ring.Publish(sequence);
        }

        Assert.True(holding.Wait(TimeSpan.FromSeconds(10)));

        // The downstream stage now waits for the upstream one, which holds event 0. Spinning or yielding
        // there would cost about half a second of CPU in every half-second window; sleeping costs almost
        // none. The process's CPU also counts the runner's own threads, which once took 242 ms of a
        // window in a loaded CI run: the least of up to three windows is what the waiting stage costs.
        var cpu = TimeSpan.MaxValue;
        for (var window = 0; window < 3 && cpu >= TimeSpan.FromMilliseconds(150); window++)
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            Thread.Sleep(500);
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            cpu = used < cpu ? used : cpu;
        }

        release.Set();

        Assert.True(disruptor.Shutdown(TimeSpan.FromSeconds(30)));
        Assert.Null(record.Error);
        Assert.Equal(10, record.Count);
        Assert.True(cpu < TimeSpan.FromMilliseconds(150), $"{cpu.TotalMilliseconds:F0} ms of CPU while waiting");
    }
}
