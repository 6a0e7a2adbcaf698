using Exchange.Journal.Format;
using Exchange.Journal.Reading;

namespace Exchange.Journal.Snapshots;

/// <summary>
/// The rule that a data folder is one history: a snapshot is usable only if the journal beside it
/// reaches its sequence and, for a bound (version 2) snapshot, has the same chain value at the
/// batch boundary it recorded. Recovery refuses to start on a snapshot that breaks it, and
/// <c>journal-tools verify</c> reports it, so server and tools never restore different states.
/// </summary>
public static class SnapshotBinding
{
    /// <summary>Why <paramref name="snapshot"/> does not belong to the journal <paramref name="journal"/> describes, or null when it does.</summary>
    public static string? Check(SnapshotHeader snapshot, JournalSurvey journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (journal.Records == 0 && snapshot.LastSequence > 0 && snapshot.LastSequence != journal.Head.Sequence)
        {
            return BeyondTheEnd(snapshot, 0);
        }

        if (snapshot.LastSequence > journal.LastSequence && journal.Records > 0)
        {
            return BeyondTheEnd(snapshot, journal.LastSequence);
        }

        if (journal.Records > 0 && snapshot.LastSequence < journal.FirstSequence - 1)
        {
            return $"snapshot at sequence {snapshot.LastSequence} is older than the journal's start ({journal.FirstSequence})";
        }

        if (!snapshot.IsBound)
        {
            return null;
        }

        if (!journal.TryGetChainAt(snapshot.ChainSequence, out var value))
        {
            return NotABoundary(snapshot);
        }

        return value == snapshot.Chain ? null : OtherChainValue(snapshot, value);
    }

    /// <summary>The journal (ending at <paramref name="lastSequence"/>, 0 when empty) stops before the snapshot.</summary>
    public static string BeyondTheEnd(SnapshotHeader snapshot, long lastSequence) => lastSequence == 0
        ? $"snapshot at sequence {snapshot.LastSequence}, but the journal is empty: its history is missing"
        : $"snapshot at sequence {snapshot.LastSequence} is beyond the journal's end ({lastSequence}): commands it includes are missing from the journal";

    /// <summary>The journal has no batch boundary where the snapshot recorded its chain value.</summary>
    public static string NotABoundary(SnapshotHeader snapshot) =>
        $"snapshot records the chain at sequence {snapshot.ChainSequence}, which is not a batch boundary of this journal: it is from another history";

    /// <summary>The journal has another chain value where the snapshot recorded one.</summary>
    public static string OtherChainValue(SnapshotHeader snapshot, ChainValue journal) =>
        $"snapshot records chain value {snapshot.Chain} at sequence {snapshot.ChainSequence}, the journal has {journal}: it is from another history";
}
