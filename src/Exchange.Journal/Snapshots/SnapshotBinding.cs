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
            return $"snapshot at sequence {snapshot.LastSequence}, but the journal is empty: its history is missing";
        }

        if (snapshot.LastSequence > journal.LastSequence && journal.Records > 0)
        {
            return $"snapshot at sequence {snapshot.LastSequence} is beyond the journal's end ({journal.LastSequence}): commands it includes are missing from the journal";
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
            return $"snapshot records the chain at sequence {snapshot.ChainSequence}, which is not a batch boundary of this journal: it is from another history";
        }

        return value == snapshot.Chain
            ? null
            : $"snapshot records chain value {snapshot.Chain} at sequence {snapshot.ChainSequence}, the journal has {value}: it is from another history";
    }
}
