using Exchange.Core.Commands;
using Exchange.Core.Matching;
using Exchange.Journal.Format;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// What travels through the input ring: a command, a request to snapshot between two commands, or
/// a read-only query answered on the business logic thread. Only commands are journaled.
/// </summary>
internal struct InputSlot
{
    public Command Command;
    public bool IsSnapshotRequest;

    /// <summary>A snapshot request's caller, told the sequence the snapshot was taken at (null for the interval's own requests).</summary>
    public TaskCompletionSource<long>? SnapshotTaken;

    /// <summary>Set by the journaller on the last slot of each batch it committed: the business logic learns the chain value there.</summary>
    public bool EndsJournalBatch;

    /// <summary>A command a standby received from its primary: already journaled, sequence and time already stamped; the journaller passes it on untouched.</summary>
    public bool Replicated;

    /// <summary>The journal's chain value after the batch this slot ends (valid when <see cref="EndsJournalBatch"/>).</summary>
    public ChainPoint BatchChain;

    /// <summary>Where the journal ends after that batch (valid when <see cref="EndsJournalBatch"/>).</summary>
    public JournalPosition BatchPosition;

    /// <summary>A query to run against the state between two commands, with where its answer goes.</summary>
    public Action<MatchingEngine>? Query;

    /// <summary>With a <see cref="StageTrace"/>: when the gateway read the command's bytes, and when it was queued here.</summary>
    public long ReadTicks;

    public long QueuedTicks;

    /// <summary>With a <see cref="StageTrace"/>: when the journal batch this slot ends was committed (valid when <see cref="EndsJournalBatch"/>).</summary>
    public long CommittedTicks;

    public readonly bool IsCommand => !IsSnapshotRequest && Query is null;
}
