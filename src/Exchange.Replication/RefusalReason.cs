namespace Exchange.Replication;

/// <summary>Why a replication link was refused (the <see cref="FrameType.Refused"/> frame's code).</summary>
public enum RefusalReason : byte
{
    /// <summary>The peer follows a newer epoch than the primary's: the primary has been deposed.</summary>
    StaleEpoch = 1,

    /// <summary>The node asked is not the primary (any more).</summary>
    NotPrimary = 2,

    /// <summary>The frame was malformed, of an unknown type or an unsupported version.</summary>
    BadFrame = 3,

    /// <summary>The primary cannot read the journal the standby needs.</summary>
    JournalUnavailable = 4,
}
