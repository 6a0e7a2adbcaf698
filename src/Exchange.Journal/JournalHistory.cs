using Exchange.Journal.Format;
using Exchange.Journal.Reading;

namespace Exchange.Journal;

/// <summary>
/// Questions about where two copies of a history agree: the chain value at a batch boundary identifies
/// everything before it, so two journals with the same value at the same boundary hold the same records
/// up to there. Used by a primary and a standby to find where their journals part (docs/replication.md).
/// </summary>
public static class JournalHistory
{
    /// <summary>
    /// The last batch boundary at or before <paramref name="sequence"/> (its sequence and chain value), or
    /// null when the journal holds none there (it starts after a snapshot taken later). An empty journal's
    /// only boundary is sequence 0 with the zero value. Reads at most one segment.
    /// </summary>
    public static ChainPoint? BoundaryAtOrBefore(string directory, long sequence)
    {
        var segments = JournalDirectory.AllSegments(directory);
        if (segments.Count == 0)
        {
            return sequence >= 0 ? new ChainPoint(0, ChainValue.Zero) : null;
        }

        var index = -1;
        for (var i = 0; i < segments.Count; i++)
        {
            if (JournalDirectory.FirstSequenceOf(segments[i]) - 1 <= sequence)
            {
                index = i;
            }
        }

        if (index < 0)
        {
            return null;
        }

        using var reader = SegmentReader.Open(segments[index]);
        ChainPoint? best = reader.Header.FirstSequence - 1 <= sequence ? new ChainPoint(reader.Header.FirstSequence - 1, reader.Header.ChainBefore) : null;
        while (reader.Next() == ReadStatus.Record)
        {
            var end = reader.BatchEnd;
            if (end.Sequence > sequence)
            {
                break;
            }

            best = end;
        }

        return best;
    }
}
