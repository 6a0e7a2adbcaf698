using Exchange.Journal.Writing;

namespace Exchange.Testing;

/// <summary>
/// The journal's disk, made to fail on demand: after a given number of successful writes or fsyncs,
/// every later one throws the error a full disk gives. Counts are read from the journaller's and the
/// syncer's threads.
/// </summary>
public sealed class FailingDisk : SegmentIo
{
    private long _writes;
    private long _flushes;

    /// <summary>Writes that succeed before the disk fills (long.MaxValue: never).</summary>
    public long WritesBeforeFailure { get; set; } = long.MaxValue;

    /// <summary>fsyncs that succeed before they start failing (long.MaxValue: never).</summary>
    public long FlushesBeforeFailure { get; set; } = long.MaxValue;

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Every write from now on fails.</summary>
    public void FillNow() => WritesBeforeFailure = Interlocked.Read(ref _writes);

    private long _failures;

    public override void Write(FileStream segment, ReadOnlySpan<byte> bytes)
    {
        if (Interlocked.Increment(ref _writes) > WritesBeforeFailure)
        {
            Interlocked.Increment(ref _failures);
            throw new IOException("No space left on device (injected)");
        }

        base.Write(segment, bytes);
    }

    public override void Flush(FileStream segment)
    {
        if (Interlocked.Increment(ref _flushes) > FlushesBeforeFailure)
        {
            Interlocked.Increment(ref _failures);
            throw new IOException("fdatasync failed: Input/output error (injected)");
        }

        base.Flush(segment);
    }
}
