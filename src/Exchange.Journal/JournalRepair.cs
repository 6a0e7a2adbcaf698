using Exchange.Journal.Reading;

namespace Exchange.Journal;

/// <summary>
/// Startup repair: reads the whole journal (which also proves everything before the tail is
/// intact, or throws) and cuts a torn final record off the last segment.
/// </summary>
public static class JournalRepair
{
    /// <summary>Cuts a torn tail if there is one; returns it (null when the journal was clean).</summary>
    /// <exception cref="JournalCorruptException">Damage before the tail.</exception>
    public static TornTail? TruncateTornTail(string directory)
    {
        TornTail? torn;
        using (var cursor = new JournalCursor(directory))
        {
            while (cursor.MoveNext())
            {
            }

            torn = cursor.TornTail;
        }

        if (torn is not null)
        {
            using var file = new FileStream(torn.Segment, FileMode.Open, FileAccess.Write, FileShare.None);
            file.SetLength(torn.Offset);
            file.Flush(flushToDisk: true);
        }

        return torn;
    }
}
