using Microsoft.Extensions.Logging;

namespace Exchange.Replication;

/// <summary>The replication's structured log lines.</summary>
internal static partial class ReplicationLog
{
    [LoggerMessage(1, LogLevel.Information, "Replication: primary for epoch {Epoch} accepts standbys on {Endpoint} ({Mode}, quorum {Quorum})")]
    public static partial void Listening(ILogger logger, long epoch, string endpoint, ReplicationMode mode, int quorum);

    [LoggerMessage(2, LogLevel.Information, "Replication: standby {Node} at {Remote} joined at sequence {Sequence}; streaming from {From}")]
    public static partial void StandbyJoined(ILogger logger, long node, string remote, long sequence, long from);

    [LoggerMessage(3, LogLevel.Warning, "Replication: standby {Node} at {Remote} left: {Reason}")]
    public static partial void StandbyLeft(ILogger logger, long node, string remote, string reason);

    [LoggerMessage(4, LogLevel.Warning, "Replication: standby {Node} diverges after sequence {Sequence}; asked it to rewind to {Boundary}")]
    public static partial void RewindSent(ILogger logger, long node, long sequence, long boundary);

    [LoggerMessage(5, LogLevel.Warning, "Replication: refused a link from {Remote}: {Reason}")]
    public static partial void LinkRefused(ILogger logger, string remote, string reason);

    [LoggerMessage(6, LogLevel.Error, "Replication DEGRADED: no quorum of {Quorum} standbys acknowledged sequence {Sequence} within {Milliseconds} ms; going on with local durability only until they catch up")]
    public static partial void Degraded(ILogger logger, int quorum, long sequence, long milliseconds);

    [LoggerMessage(7, LogLevel.Warning, "Replication: quorum is back (acknowledged to {Sequence}); sync-replicated again")]
    public static partial void Recovered(ILogger logger, long sequence);

    [LoggerMessage(8, LogLevel.Warning, "Replication: waiting for a quorum of {Quorum} standbys to acknowledge sequence {Sequence} (waited {Milliseconds} ms); nothing more is acknowledged meanwhile")]
    public static partial void WaitingForQuorum(ILogger logger, int quorum, long sequence, long milliseconds);

    [LoggerMessage(9, LogLevel.Information, "Replication: standby {Node} is behind the in-memory backlog; sending it the journal from disk from sequence {From}")]
    public static partial void FromDisk(ILogger logger, long node, long from);

    [LoggerMessage(10, LogLevel.Information, "Standby: following primary {Node} (epoch {Epoch}) at {Endpoint} from sequence {From}")]
    public static partial void Following(ILogger logger, long node, long epoch, string endpoint, long from);

    [LoggerMessage(11, LogLevel.Warning, "Standby: link to {Endpoint} ended: {Reason}")]
    public static partial void FollowEnded(ILogger logger, string endpoint, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Standby: the primary's history parts from this journal after sequence {Sequence}: cutting what follows (kept aside)")]
    public static partial void MustCut(ILogger logger, long sequence);

    [LoggerMessage(13, LogLevel.Warning, "Standby: refused a stream of epoch {Epoch}: epoch {Known} is newer")]
    public static partial void StaleStream(ILogger logger, long epoch, long known);

    [LoggerMessage(14, LogLevel.Warning, "Replication: standby {Node} at {Remote} is {Behind} commands behind; sending it snapshot {Snapshot} ({Bytes} bytes) instead of the journal in between")]
    public static partial void SnapshotSent(ILogger logger, long node, string remote, long behind, string snapshot, long bytes);

    [LoggerMessage(15, LogLevel.Warning, "Standby: received the primary's snapshot at sequence {Sequence} ({Bytes} bytes); installing it in place of this node's history")]
    public static partial void SnapshotReceived(ILogger logger, long sequence, long bytes);

    [LoggerMessage(16, LogLevel.Warning, "Replication: a connection from {Remote} was refused: TLS failed ({Reason})")]
    public static partial void TlsRefused(ILogger logger, string remote, string reason);
}
