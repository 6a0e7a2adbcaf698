using System.Diagnostics;
using System.Globalization;
using Exchange.Benchmarks.Workloads;
using Exchange.Core.Events;
using Exchange.Engine;
using HdrHistogram;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Benchmarks.Engine;

/// <summary>
/// The full in-process pipeline (journal → business logic → publisher) on a real data folder:
/// sustained throughput in sync and async durability with the mean batch per fsync, and the
/// latency journaling adds, next to a raw write + fdatasync loop measured in the same run.
/// Run: <c>-- engine-throughput [commands]</c>.
/// </summary>
internal static class PipelineHarness
{
    public static void Run(int commands)
    {
        var root = Path.Combine(Path.GetTempPath(), "exchange-pipeline-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            Console.WriteLine($"Pipeline harness, data under {root}, {Environment.ProcessorCount} cores");
            var fsync = RawFsyncLatency(Path.Combine(root, "raw"), 2_000);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  raw 256-byte write + fdatasync loop: {1e9 / fsync.GetMean():N0} fsyncs/s, p50 {fsync.GetValueAtPercentile(50):N0} ns, p99 {fsync.GetValueAtPercentile(99):N0} ns, p99.9 {fsync.GetValueAtPercentile(99.9):N0} ns"));

            var workload = Workload.Generate(WorkloadProfile.OneInstrument(commands));
            foreach (var durability in new[] { Durability.Sync, Durability.Async })
            {
                Throughput(Path.Combine(root, "throughput-" + durability), workload, durability, compress: false);
            }

            Throughput(Path.Combine(root, "throughput-lz4"), workload, Durability.Sync, compress: true);
            ChainCost(root, workload, rounds: 5);

            foreach (var durability in new[] { Durability.Sync, Durability.Async })
            {
                var latency = RoundTripLatency(Path.Combine(root, "latency-" + durability), workload, durability, 5_000);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {durability,-5} one command at a time, submit → event: p50 {latency.GetValueAtPercentile(50):N0} ns, p99 {latency.GetValueAtPercentile(99):N0} ns, p99.9 {latency.GetValueAtPercentile(99.9):N0} ns, max {latency.GetMaxValue():N0} ns"));
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static LongHistogram RawFsyncLatency(string directory, int count)
    {
        Directory.CreateDirectory(directory);
        var histogram = new LongHistogram(10_000_000_000L, 3);
        var record = new byte[256];
        using var file = new FileStream(Path.Combine(directory, "raw.bin"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        Exchange.Journal.Writing.SegmentFile.Reserve(file, (long)count * record.Length); // preallocated, as the journal's segments are
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            file.Write(record);
            Exchange.Journal.Writing.SegmentFile.FlushData(file); // fdatasync on Linux, as the journal
            histogram.RecordValue(Nanoseconds(start));
        }

        return histogram;
    }

    /// <summary>
    /// The hash chain's cost: sync durability with and without the SHA-256 link in each seal, in
    /// alternating runs (on/off, then off/on, ...) so drift of this noisy machine falls on both;
    /// prints each rate and the ratio of the medians.
    /// </summary>
    private static void ChainCost(string root, Workload workload, int rounds)
    {
        var on = new List<double>();
        var off = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var chain in round % 2 == 0 ? new[] { true, false } : [false, true])
            {
                (chain ? on : off).Add(Throughput(Path.Combine(root, $"chain-{chain}-{round}"), workload, Durability.Sync, compress: false, chain));
            }
        }

        on.Sort();
        off.Sort();
        var ratio = on[rounds / 2] / off[rounds / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  hash chain cost (sync, plain): median {on[rounds / 2]:F2} M/s with the chain, {off[rounds / 2]:F2} M/s without: ratio {ratio:F3} ({(1 - ratio) * 100:F1} % slower)"));
    }

    /// <summary>Submits the workload as fast as it goes and waits for its last event; returns millions of commands per second.</summary>
    /// <param name="directory">Data folder of the run.</param>
    /// <param name="workload">The commands.</param>
    /// <param name="durability">Sync or async.</param>
    /// <param name="compress">LZ4 blocks in the journal.</param>
    /// <param name="chain">The hash chain in the journal's seals.</param>
    /// <param name="meters">Metrics on (the engine's instruments from this factory) or off (null).</param>
    /// <param name="allocated">Receives the bytes the whole process allocated from the first submit until the last event arrived.</param>
    internal static double Throughput(string directory, Workload workload, Durability durability, bool compress, bool chain = true, System.Diagnostics.Metrics.IMeterFactory? meters = null,
        Action<long>? allocated = null)
    {
        var options = workload.PrepareDataFolder(directory, durability) with { JournalCompression = compress, JournalHashChain = chain, MeterFactory = meters };
        var sink = new CountingSink();
        var engine = ExchangeEngine.Start(options, NullLogger.Instance, sink);
        var lastSequence = engine.Recovery.LastSequence + workload.Commands.Length;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        foreach (var command in workload.Commands)
        {
            engine.Submit(command);
        }

        sink.WaitFor(lastSequence);
        watch.Stop();
        allocated?.Invoke(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore);
        var stats = engine.Journal;
        engine.Dispose();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {durability,-5} {(compress ? "LZ4  " : "plain")}{(chain ? string.Empty : " no-chain")}{(meters is null ? string.Empty : " metrics")} {workload.Commands.Length:N0} commands in {watch.Elapsed.TotalSeconds:F2} s = {workload.Commands.Length / watch.Elapsed.TotalSeconds / 1e6:F2} M commands/s; {stats.Commits:N0} batches, {stats.Syncs:N0} fsyncs, {stats.RecordsPerSync:F0} commands per fsync, {(double)stats.Bytes / stats.Records:F0} bytes per command"));
        return workload.Commands.Length / watch.Elapsed.TotalSeconds / 1e6;
    }

    private static LongHistogram RoundTripLatency(string directory, Workload workload, Durability durability, int count)
    {
        var options = workload.PrepareDataFolder(directory, durability);
        var sink = new CountingSink();
        var engine = ExchangeEngine.Start(options, NullLogger.Instance, sink);
        var histogram = new LongHistogram(10_000_000_000L, 3);
        var sequence = engine.Recovery.LastSequence;
        for (var i = 0; i < count + 500; i++)
        {
            var start = Stopwatch.GetTimestamp();
            engine.Submit(workload.Commands[i]);
            sink.WaitFor(++sequence);
            if (i >= 500)
            {
                histogram.RecordValue(Nanoseconds(start));
            }
        }

        engine.Dispose();
        return histogram;
    }

    private static long Nanoseconds(long start) => (long)((Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency));

    private sealed class CountingSink : IEventSink
    {
        private long _last;

        public void OnEvent(in Event e, bool endOfBatch)
        {
            if (endOfBatch)
            {
                Volatile.Write(ref _last, e.Sequence);
            }
        }

        public void WaitFor(long sequence)
        {
            var spin = default(SpinWait);
            while (Volatile.Read(ref _last) < sequence)
            {
                spin.SpinOnce(sleep1Threshold: -1); // never Sleep(1): it would add a millisecond to the latency measured
            }
        }
    }
}
