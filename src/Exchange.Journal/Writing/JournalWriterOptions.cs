namespace Exchange.Journal.Writing;

/// <summary>How the journal writer lays out and syncs its files.</summary>
public sealed record JournalWriterOptions
{
    /// <summary>A segment rolls once it would grow past this (a single batch may overshoot it).</summary>
    public long SegmentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Store each committed batch as one LZ4-compressed block (new segments only; an existing plain segment is rolled).</summary>
    public bool Lz4Blocks { get; init; }

    /// <summary>Whether <see cref="JournalWriter.Commit"/> fsyncs (sync durability) or only writes (async: call <see cref="JournalWriter.Sync"/> on an interval).</summary>
    public bool SyncOnCommit { get; init; } = true;

    /// <summary>The chain value an empty journal continues from: that of the snapshot it follows (zero for a new history).</summary>
    public Format.ChainValue InitialChain { get; init; }

    /// <summary>
    /// Where the journal ends, as a recovery that has just read it to the end found it (the last sequence and
    /// the chain value there). Given, the writer reads only the last segment's header instead of the whole
    /// segment again; null: it reads the last segment to find its end.
    /// </summary>
    public Format.ChainPoint? RecoveredEnd { get; init; }

    /// <summary>
    /// Measurement seam only: false leaves the SHA-256 link out of each seal (zero instead), so a
    /// benchmark can show what the chain costs in the same run. Such a journal does not verify.
    /// </summary>
    internal bool HashChain { get; init; } = true;

    /// <summary>Told of every committed batch (the replication tap); null for a single node.</summary>
    public ICommitObserver? Observer { get; init; }

    /// <summary>The disk calls (a seam for fault injection in tests).</summary>
    public SegmentIo Io { get; init; } = SegmentIo.Default;
}
