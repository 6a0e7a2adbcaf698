using Microsoft.Extensions.Logging;

namespace Exchange.Engine;

/// <summary>The engine's structured log lines (source-generated: no boxing or formatting unless enabled).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(1, LogLevel.Warning, "Journal: cut a torn tail of {Bytes} bytes at offset {Offset} of {Segment} ({Reason})")]
    public static partial void TornTailCut(ILogger logger, long bytes, long offset, string segment, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Snapshot {Path} skipped: {Reason}")]
    public static partial void SnapshotSkipped(ILogger logger, string path, string reason);

    [LoggerMessage(3, LogLevel.Information, "Loaded snapshot {Path} at sequence {Sequence}")]
    public static partial void SnapshotLoaded(ILogger logger, string path, long sequence);

    [LoggerMessage(4, LogLevel.Information, "Recovered to sequence {Sequence}: {Replayed} commands replayed, state hash {Hash}")]
    public static partial void Recovered(ILogger logger, long sequence, long replayed, string hash);

    [LoggerMessage(5, LogLevel.Information, "Replay: {Count} commands, at sequence {Sequence}")]
    public static partial void ReplayProgress(ILogger logger, long count, long sequence);

    [LoggerMessage(6, LogLevel.Error, "A subscriber failed on output event {Slot}")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, long slot);

    [LoggerMessage(7, LogLevel.Critical, "Fail-stop: the pipeline halted at input slot {Slot}; the state ends at sequence {Sequence}. Inspect the journal with journal-tools.")]
    public static partial void FailStop(ILogger logger, Exception exception, long slot, long sequence);

    [LoggerMessage(8, LogLevel.Error, "The {Ring} ring did not drain within {Seconds} s; stopping anyway")]
    public static partial void DrainTimeout(ILogger logger, string ring, int seconds);

    [LoggerMessage(9, LogLevel.Information, "Engine stopped at sequence {Sequence}, state hash {Hash}")]
    public static partial void Stopped(ILogger logger, long sequence, string hash);

    [LoggerMessage(10, LogLevel.Error, "Snapshot at sequence {Sequence} could not be written")]
    public static partial void SnapshotFailed(ILogger logger, Exception exception, long sequence);

    [LoggerMessage(11, LogLevel.Information, "Snapshot at sequence {Sequence} written to {Path} ({Bytes} bytes, state hash {Hash})")]
    public static partial void SnapshotWritten(ILogger logger, long sequence, string path, int bytes, string hash);

    [LoggerMessage(12, LogLevel.Critical, "Journal fsync failed: the engine stops accepting commands")]
    public static partial void SyncFailed(ILogger logger, Exception exception);
}
