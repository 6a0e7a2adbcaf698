using System.Diagnostics;
using Exchange.Benchmarks.Workloads;
using Exchange.Core.Events;
using Exchange.Engine;
using HdrHistogram;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.LatencyHarness;

/// <summary>
/// The engine in this process, journaling to a temporary folder: the bare matching rate (the
/// business logic alone, no pipeline), the durable pipeline's maximum throughput, and an open-loop
/// latency run from each command's planned publish time to the release of its first event.
/// </summary>
internal static class InprocLoad
{
    /// <summary>Commands per second of the business logic alone over the workload (no journal, no rings).</summary>
    /// <summary>The business logic alone over the workload: one warm-up round, then the median of three (all three in <paramref name="rounds"/>).</summary>
    public static double MatchingRate(Workload workload, out double[] rounds)
    {
        var events = new EventBuffer();
        rounds = new double[3];
        for (var round = -1; round < rounds.Length; round++)
        {
            var engine = workload.NewEngine();
            var watch = Stopwatch.StartNew();
            workload.Replay(engine, events);
            if (round >= 0)
            {
                rounds[round] = workload.Commands.Length / watch.Elapsed.TotalSeconds;
            }
        }

        var sorted = (double[])rounds.Clone();
        Array.Sort(sorted);
        return sorted[1];
    }

    /// <summary>
    /// Commands per second through journal (with the durability asked), business logic and publisher, submitted as fast as possible;
    /// with <paramref name="replicated"/>, sync-replicated to one standby in this process over loopback TCP (<see cref="PipelineUnderTest"/>).
    /// </summary>
    public static double PipelineRate(Workload workload, Durability durability, PipelineTopology topology, bool replicated = false)
    {
        var directory = NewDirectory();
        try
        {
            var sink = new ReleaseSink([], 0);
            using var pipeline = PipelineUnderTest.Start(workload.PrepareDataFolder(directory, durability) with { Topology = topology }, replicated, sink);
            var engine = pipeline.Engine;
            sink.Base = engine.Recovery.LastSequence;
            var watch = Stopwatch.StartNew();
            foreach (var command in workload.Commands)
            {
                engine.Submit(command);
            }

            sink.WaitForCount(workload.Commands.Length, TimeSpan.FromMinutes(5));
            return workload.Commands.Length / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <param name="name">The run's name in the report.</param>
    /// <param name="workload">The commands.</param>
    /// <param name="durability">The journal's durability.</param>
    /// <param name="settings">Duration, warm-up, topology.</param>
    /// <param name="rate">Commands per second, open loop.</param>
    /// <param name="progress">Counts answers for the display.</param>
    /// <param name="replicated">Sync-replicated to one standby in this process.</param>
    /// <param name="beside">Started on the data folder once the pipeline runs (given the options and the recovered sequence), disposed after the run: what runs next to the engine (an events relay).</param>
    public static LatencyRun Latency(string name, Workload workload, Durability durability, HarnessSettings settings, double rate, RunProgress progress, bool replicated = false,
        Func<EngineOptions, long, IDisposable>? beside = null)
    {
        var total = Math.Min(settings.TotalMessages(rate), workload.Commands.Length);
        var planned = new long[total];
        var directory = NewDirectory();
        try
        {
            var sink = new ReleaseSink(planned, settings.WarmupMessages(rate)) { Progress = progress };
            var options = workload.PrepareDataFolder(directory, durability) with { Topology = settings.Topology };
            using var pipeline = PipelineUnderTest.Start(options, replicated, sink);
            var engine = pipeline.Engine;
            using var attached = beside?.Invoke(options, engine.Recovery.LastSequence);
            var run = new LatencyRun(name, $"in-process pipeline, {durability} durability{(replicated ? ", sync-replicated to one standby over loopback TCP" : "")}, {engine.Topology} topology, publish → first event released", rate);
            sink.Base = engine.Recovery.LastSequence;
            var clock = new OpenLoopClock(rate);
            var watch = Stopwatch.StartNew();
            run.StartGcCount();
            clock.Start();
            for (var i = 0; i < total; i++)
            {
                planned[i] = clock.WaitFor(i);
                engine.Submit(workload.Commands[i]);
            }

            run.AchievedRate = total / watch.Elapsed.TotalSeconds;
            sink.WaitForCount(total, TimeSpan.FromSeconds(30));
            run.StopGcCount();

            run.Sent = total;
            run.Answered = sink.Count;
            run.Latency.Add(sink.Histogram);
            return run;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "exchange-latency-harness", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Runs on the publisher thread: the first event of each command marks its release.</summary>
    private sealed class ReleaseSink(long[] planned, int warmup) : IEventSink
    {
        private long _lastSequence;
        private long _count;

        public long Base { get; set; }

        public RunProgress? Progress { get; init; }

        public LongHistogram Histogram { get; } = LatencyRun.NewHistogram();

        public long Count => Volatile.Read(ref _count);

        public void OnEvent(in Event e, bool endOfBatch)
        {
            if (e.Sequence == _lastSequence || e.Sequence <= Base)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            _lastSequence = e.Sequence;
            var index = e.Sequence - Base - 1;
            if (index >= warmup && index < planned.Length)
            {
                Histogram.RecordValue(OpenLoopClock.ToNanoseconds(now - planned[index]));
            }

            Progress?.OnAnswered();
            Volatile.Write(ref _count, index + 1);
        }

        public void WaitForCount(long count, TimeSpan patience)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(patience.TotalSeconds * Stopwatch.Frequency);
            while (Count < count && Stopwatch.GetTimestamp() < deadline)
            {
                Thread.Sleep(1);
            }
        }
    }
}
