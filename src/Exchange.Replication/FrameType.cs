namespace Exchange.Replication;

/// <summary>The replication link's message types (docs/replication.md, "The stream"). Numbers are wire codes: append, never renumber.</summary>
public enum FrameType : byte
{
    /// <summary>Standby → primary, first: who it is, the epoch it follows, where its journal ends.</summary>
    Hello = 1,

    /// <summary>Primary → standby: the histories agree; batches follow from a sequence.</summary>
    Welcome = 2,

    /// <summary>Primary → standby: the histories differ after some point; its last batch boundary at or before the standby's end, with its chain value.</summary>
    Rewind = 3,

    /// <summary>Either way: the link is refused, with a reason code and text; the connection closes.</summary>
    Refused = 4,

    /// <summary>Primary → standby: one committed journal batch, as written.</summary>
    Batch = 5,

    /// <summary>Standby → primary: everything up to a sequence is durable here.</summary>
    Ack = 6,

    /// <summary>Primary → standby when idle: the epoch and where the primary's journal ends (for the lag).</summary>
    Heartbeat = 7,

    /// <summary>Primary → standby far behind, instead of a Welcome: a piece of its newest snapshot (or of the read models saved with it).</summary>
    SnapshotChunk = 8,

    /// <summary>Primary → standby: the snapshot is whole; the standby installs it in place of its history and connects again.</summary>
    SnapshotEnd = 9,
}
