using Microsoft.Extensions.Logging;

namespace Exchange.Engine;

/// <summary>The engine's structured log lines (source-generated: no boxing or formatting unless enabled).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(1, LogLevel.Warning, "Journal: cut a torn tail of {Bytes} bytes at offset {Offset} of {Segment} ({Reason}); the bytes are kept in {Kept}")]
    public static partial void TornTailCut(ILogger logger, long bytes, long offset, string segment, string reason, string kept);

    [LoggerMessage(2, LogLevel.Warning, "Snapshot {Path} skipped: {Reason}")]
    public static partial void SnapshotSkipped(ILogger logger, string path, string reason);

    [LoggerMessage(3, LogLevel.Information, "Loaded snapshot {Path} at sequence {Sequence}")]
    public static partial void SnapshotLoaded(ILogger logger, string path, long sequence);

    [LoggerMessage(4, LogLevel.Information, "Recovered to sequence {Sequence}: {Replayed} commands replayed, state hash {Hash}, journal chain head {Chain}")]
    public static partial void Recovered(ILogger logger, long sequence, long replayed, string hash, string chain);

    [LoggerMessage(5, LogLevel.Information, "Replay: {Count} commands, at sequence {Sequence}")]
    public static partial void ReplayProgress(ILogger logger, long count, long sequence);

    [LoggerMessage(6, LogLevel.Error, "Subscriber {Subscriber} failed on an event of sequence {Sequence}; it misses that event, the other subscribers do not")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, string subscriber, long sequence);

    [LoggerMessage(7, LogLevel.Critical, "Fail-stop: {Cause}. The engine accepts nothing more; processed to sequence {Sequence}, journal durable to {Durable}. Fix the cause, then restart: recovery keeps every intact record.")]
    public static partial void FailStop(ILogger logger, string cause, long sequence, long durable);

    [LoggerMessage(14, LogLevel.Debug, "Fail-stop cause in full")]
    public static partial void FailStopDetail(ILogger logger, Exception exception);

    [LoggerMessage(13, LogLevel.Error, "The publisher failed at {Slot} (an output ring slot; in the compact topology, a command sequence) and goes on with the next event")]
    public static partial void PublisherFailed(ILogger logger, Exception exception, long slot);

    [LoggerMessage(8, LogLevel.Error, "The {Ring} ring did not drain within {Seconds} s; stopping anyway")]
    public static partial void DrainTimeout(ILogger logger, string ring, int seconds);

    [LoggerMessage(9, LogLevel.Information, "Engine stopped at sequence {Sequence}, state hash {Hash}")]
    public static partial void Stopped(ILogger logger, long sequence, string hash);

    [LoggerMessage(10, LogLevel.Error, "Snapshot at sequence {Sequence} could not be written")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception, long sequence);

    [LoggerMessage(11, LogLevel.Information, "Snapshot at sequence {Sequence} written to {Path} ({Bytes} bytes, state hash {Hash})")]
    public static partial void SnapshotWritten(ILogger logger, long sequence, string path, int bytes, string hash);


    [LoggerMessage(15, LogLevel.Warning, "Snapshot at sequence {Sequence} written without the read models' state ({Reason}); a restart from it replays the journal from its start to rebuild them")]
    public static partial void SnapshotWithoutSinks(ILogger logger, long sequence, string reason);

    [LoggerMessage(16, LogLevel.Information, "Read models (reply streams, market data) loaded from {Path} at sequence {Sequence}")]
    public static partial void SinksLoaded(ILogger logger, string path, long sequence);

    [LoggerMessage(17, LogLevel.Information, "Read models not restored from snapshot {Path} ({Reason})")]
    public static partial void SinksNotLoaded(ILogger logger, string path, string reason);

    [LoggerMessage(18, LogLevel.Information, "Journal segment {Segment} archived to {Archive} ({Bytes} bytes, {Compressed} compressed): all its commands are before the oldest kept snapshot")]
    public static partial void SegmentArchived(ILogger logger, string segment, string archive, long bytes, long compressed);

    [LoggerMessage(19, LogLevel.Error, "Archiving journal segments before sequence {Sequence} failed; they stay where they are")]
    public static partial void ArchiveFailed(ILogger logger, Exception exception, long sequence);
}
