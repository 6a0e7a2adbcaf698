using Exchange.Core.Matching;
using Exchange.Journal.Reading;

namespace Exchange.Engine.Recovery;

/// <summary>
/// The state rebuilt at startup and how it was rebuilt. <see cref="Engine"/> is the live state
/// from then on (owned by the business logic thread once the pipeline starts); the numbers are as
/// they were at recovery.
/// </summary>
public sealed record RecoveryResult(
    MatchingEngine Engine,
    long LastSequence,
    long SnapshotSequence,
    long ReplayedCommands,
    TornTail? CutTail,
    IReadOnlyList<string> SkippedSnapshots)
{
    /// <summary>The journal's chain value at the last batch boundary at or before <see cref="LastSequence"/> (after a full recovery: at it, the value the next batch continues from).</summary>
    public Exchange.Journal.Format.ChainPoint Chain { get; init; }

    /// <summary>How long the start-up took to get here (read models, snapshot, replay), for the metrics and logs.</summary>
    public TimeSpan Duration { get; init; }
}
