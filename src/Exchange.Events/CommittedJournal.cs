using Exchange.Core.Commands;
using Exchange.Journal;
using Exchange.Journal.Format;
using Exchange.Journal.Reading;
using Microsoft.Win32.SafeHandles;

namespace Exchange.Events;

/// <summary>
/// Follows a data folder's journal from outside the engine: hands out the commands of every batch that is sealed
/// and on disk, in order, and nothing of a batch still being written (its torn-looking end is where the journal
/// stands now, not damage). Before a chunk is handed out the segments it came from are fsynced, so nothing derived
/// from it can outlive a machine crash that the journal itself would not survive. Read-only: the followed folder is
/// never repaired or changed, so it can be a running server's, a standby's, or a copy.
/// </summary>
public sealed class CommittedJournal(string journalDirectory, long nextSequence)
{
    private JournalPosition? _resumeAt;

    /// <summary>The next sequence to read.</summary>
    public long NextSequence { get; private set; } = nextSequence;

    /// <summary>The last sequence handed out, with its journal timestamp.</summary>
    public long LastTimestamp { get; private set; }

    /// <summary>
    /// Reads whole batches from <see cref="NextSequence"/> on into <paramref name="into"/> (cleared first) until about
    /// <paramref name="max"/> commands or the end of what is committed. An empty list means nothing new yet.
    /// </summary>
    /// <exception cref="JournalCorruptException">Damage that is not the live end of the journal.</exception>
    public void Read(List<Command> into, int max)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        var touched = new List<string>(2);
        JournalPosition? resume = null;
        using (var cursor = new JournalCursor(journalDirectory, NextSequence, verifyChain: true, resumeAt: _resumeAt))
        {
            while (cursor.MoveNext())
            {
                var header = cursor.Header;
                if (header.Sequence < NextSequence)
                {
                    continue;
                }

                into.Add(cursor.ReadCommand());
                if (touched.Count == 0 || touched[^1] != cursor.Segment)
                {
                    touched.Add(cursor.Segment);
                }

                if (header.Sequence == cursor.BatchEnd.Sequence)
                {
                    // A batch boundary: everything so far is whole batches.
                    resume = cursor.BatchEndPosition;
                    NextSequence = header.Sequence + 1;
                    LastTimestamp = header.Timestamp;
                    if (into.Count >= max)
                    {
                        break;
                    }
                }
            }
        }

        // Records of a batch whose end was not reached are dropped: they come again, whole, next time.
        var whole = (int)(NextSequence - (into.Count == 0 ? NextSequence : into[0].Sequence));
        if (whole < into.Count)
        {
            into.RemoveRange(whole, into.Count - whole);
        }

        if (resume is not null)
        {
            _resumeAt = resume;
        }

        if (into.Count > 0)
        {
            foreach (var segment in touched)
            {
                FlushToDisk(segment);
            }
        }
    }

    /// <summary>fsync of a segment the engine may still be writing: what this process read of it is then durable.</summary>
    private static void FlushToDisk(string segment)
    {
        if (JournalDirectory.IsArchived(segment) || !File.Exists(segment))
        {
            return; // archived segments were complete and synced before they were compressed
        }

        using SafeFileHandle handle = File.OpenHandle(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        RandomAccess.FlushToDisk(handle);
    }
}
