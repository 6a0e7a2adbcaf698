using System.Diagnostics.Metrics;
using Exchange.Core.Commands;
using Exchange.Core.Orders;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// What the pipeline threads count and time for the metrics, recorded where it happens without a lock
/// or an allocation: each array slot has one writer (the business-logic thread) and is read by the
/// metrics collector whenever it asks (a 64-bit read is atomic); each histogram is recorded once per
/// journal batch or per snapshot, never per command, and only when metrics are on (null otherwise).
/// </summary>
internal sealed class PipelineCounters
{
    /// <summary>10 µs to 5 s: pipeline latencies live in microseconds, fsyncs in milliseconds, snapshots up to seconds.</summary>
    private static readonly InstrumentAdvice<double> Seconds = new()
    {
        HistogramBucketBoundaries = [0.00001, 0.00002, 0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
    };

    private static readonly long[] Commands16 = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_024, 2_048, 4_096];

    public PipelineCounters(Meter? meter)
    {
        if (meter is null)
        {
            return;
        }

        BatchSize = meter.CreateHistogram("exchange.journal.batch.size", "{command}", "Commands per journal batch (one write, and in sync mode one fsync)", null, new InstrumentAdvice<long> { HistogramBucketBoundaries = Commands16 });
        CommitDuration = meter.CreateHistogram("exchange.journal.commit.duration", "s", "Time to write a batch and, in sync mode, fsync it", null, Seconds);
        SyncDuration = meter.CreateHistogram("exchange.journal.sync.duration", "s", "Time of the async syncer's fsync", null, Seconds);
        CommitToPublish = meter.CreateHistogram("exchange.engine.commit_to_publish.duration", "s", "From a batch's last command being stamped to its last event reaching the subscribers (journal, business logic, publish)", null, Seconds);
        SnapshotPause = meter.CreateHistogram("exchange.snapshot.pause.duration", "s", "Business-logic pause to serialize a snapshot's state", null, Seconds);
        SnapshotBytes = meter.CreateHistogram("exchange.snapshot.size", "By", "Bytes of a snapshot's engine state", null, new InstrumentAdvice<long> { HistogramBucketBoundaries = [1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000] });
    }

    /// <summary>Commands processed, by <see cref="CommandType"/>.</summary>
    public long[] Commands { get; } = new long[256];

    /// <summary>Order rejects, by <see cref="RejectReason"/> (reasons past the array are counted in its last slot).</summary>
    public long[] Rejects { get; } = new long[64];

    public Histogram<long>? BatchSize { get; }

    public Histogram<double>? CommitDuration { get; }

    public Histogram<double>? SyncDuration { get; }

    public Histogram<double>? CommitToPublish { get; }

    public Histogram<double>? SnapshotPause { get; }

    public Histogram<long>? SnapshotBytes { get; }

    /// <summary>Metrics are on: the business logic times its batches.</summary>
    public bool Timed => BatchSize is not null;

    /// <summary>Stopwatch ticks the business logic spent in batches (from a batch's start to its last event), for the busy ratio.</summary>
    public long BusyTicks;

    /// <summary>When the business logic's current batch started (its thread only).</summary>
    public long BatchStarted;

    public void CountCommand(CommandType type) => Commands[(byte)type]++;

    public void CountReject(RejectReason reason) => Rejects[Math.Min((int)reason, Rejects.Length - 1)]++;
}
