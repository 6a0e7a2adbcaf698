namespace Exchange.Engine;

/// <summary>Where the engine keeps its files and how it trades durability, memory and latency.</summary>
public sealed record EngineOptions
{
    /// <summary>Holds <c>journal/</c> and <c>snapshots/</c>.</summary>
    public required string DataDirectory { get; init; }

    public Durability Durability { get; init; } = Durability.Sync;

    /// <summary>Async mode: how often the journal is fsynced.</summary>
    public TimeSpan AsyncSyncInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Which threads run the stages (<see cref="PipelineTopology"/>); by default chosen from the core count.</summary>
    public PipelineTopology Topology { get; init; } = PipelineTopology.Auto;

    /// <summary>How the pipeline's threads wait for work.</summary>
    public PipelineWait Wait { get; init; } = PipelineWait.Blocking;

    /// <summary>
    /// Compact topology: the most commands one journal batch holds. Under overload the input ring holds up to
    /// <see cref="InputRingSize"/> commands; a cap keeps the first command of a batch from waiting for all of them.
    /// </summary>
    public int CompactBatchLimit { get; init; } = 4_096;

    public int InputRingSize { get; init; } = 1 << 14;

    public int OutputRingSize { get; init; } = 1 << 16;

    public long JournalSegmentBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Store each journal batch as an LZ4-compressed block (smaller journal, some CPU in the journaller).</summary>
    public bool JournalCompression { get; init; }

    /// <summary>Take a snapshot every this many commands (0 = only on request and shutdown).</summary>
    public long SnapshotEveryCommands { get; init; }

    /// <summary>Also take a snapshot on this interval of wall time (null = off).</summary>
    public TimeSpan? SnapshotInterval { get; init; }

    public int SnapshotsToKeep { get; init; } = 3;

    public bool SnapshotOnShutdown { get; init; } = true;

    /// <summary>
    /// After each snapshot, move the journal segments whose commands all precede the oldest kept snapshot to
    /// <c>journal/archive/</c>, gzip-compressed (nothing is deleted; readers see one journal).
    /// </summary>
    public bool ArchiveJournal { get; init; }

    /// <summary>With <see cref="ArchiveJournal"/>: when a segment no start-up needs leaves the live journal (by age and by the live bytes of such segments).</summary>
    public Exchange.Journal.JournalRetention JournalRetention { get; init; } = Exchange.Journal.JournalRetention.Immediately;

    /// <summary>
    /// At start, replay the journal from its first record (not from the newest snapshot) and hand
    /// every re-derived event to the sinks, so read models such as reply streams and market-data
    /// books start complete and identical to before the restart. Slower start for long journals;
    /// falls back to snapshot + tail (sinks start empty) when the journal does not begin at sequence 1.
    /// </summary>
    public bool RebuildSinksFromJournal { get; init; }

    /// <summary>
    /// How often the sequencer checks whether a GTD or day order is due while no command arrives;
    /// when one is, it journals a time tick so the order expires (zero = never tick: orders then
    /// expire only at the next client command).
    /// </summary>
    public TimeSpan TimeTickInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The sequencer's clock: the only time the business logic ever sees, stamped on each command.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Where the engine's instruments come from (the host's, so its exporters see them); null: no metrics, nothing recorded.</summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; init; }

    public Core.Matching.MatchingEngineOptions Matching { get; init; } = new();

    /// <summary>The journal's disk calls: a seam through which tests make a write or fsync fail (null = the real disk).</summary>
    public Journal.Writing.SegmentIo? JournalIo { get; init; }

    /// <summary>Benchmark seam: false skips recomputing the hash chain during recovery (seals and CRCs are still checked), to measure what verifying it costs.</summary>
    internal bool VerifyJournalChain { get; init; } = true;

    /// <summary>Benchmark seam: false leaves the hash chain out of the journal's seals, to measure its cost (the journal then does not verify).</summary>
    internal bool JournalHashChain { get; init; } = true;

    /// <summary>Test seam: when it returns true for a command, the business logic throws (to prove fail-stop).</summary>
    internal Func<Core.Commands.Command, bool>? InjectFault { get; init; }

    /// <summary>
    /// Start as a hot standby: the engine takes no commands but the batches its primary committed
    /// (<see cref="ExchangeEngine.ApplyReplicated"/>), journaled byte for byte and processed as the primary
    /// processed them, until <see cref="ExchangeEngine.Promote"/> makes it a primary (docs/replication.md).
    /// </summary>
    public bool Replica { get; init; }

    /// <summary>Told of every batch the journal commits, on the journaller's thread, before the business logic sees it: the replication tap (null: none).</summary>
    public Journal.Writing.ICommitObserver? CommitObserver { get; init; }

    /// <summary>Stamps every command at each stage, for a latency breakdown (null: off, the default).</summary>
    public StageTrace? StageTrace { get; init; }

    public string JournalDirectory => Path.Combine(DataDirectory, "journal");

    /// <summary>Where snapshots go; by default <c>snapshots/</c> in the data folder.</summary>
    public string SnapshotDirectory
    {
        get => _snapshotDirectory ?? Path.Combine(DataDirectory, "snapshots");
        init => _snapshotDirectory = value;
    }

    private readonly string? _snapshotDirectory;
}
