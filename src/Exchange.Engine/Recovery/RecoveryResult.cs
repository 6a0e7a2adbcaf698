using Exchange.Core.Matching;
using Exchange.Journal.Reading;

namespace Exchange.Engine.Recovery;

/// <summary>The state rebuilt at startup and how it was rebuilt.</summary>
public sealed record RecoveryResult(
    MatchingEngine Engine,
    long SnapshotSequence,
    long ReplayedCommands,
    TornTail? CutTail,
    IReadOnlyList<string> SkippedSnapshots)
{
    public long LastSequence => Engine.LastSequence;
}
