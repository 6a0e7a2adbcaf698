using System.IO.Compression;
using Exchange.Journal.Writing;

namespace Exchange.Journal;

/// <summary>
/// Retention without loss: segments that no start-up can need any more (every record at or before the
/// oldest kept snapshot) move to <c>journal/archive/</c>, gzip-compressed, byte for byte the same
/// segment inside. Nothing is deleted: an archived segment is written, fsynced and renamed into place
/// before its live file is removed, and readers (<see cref="JournalDirectory.AllSegments"/>) see live and
/// archived segments as one journal, hash chain included, so replay and audit still reach the first
/// command. The active (last) segment is never archived. When, is a <see cref="JournalRetention"/> policy.
/// </summary>
public static class JournalArchiver
{
    /// <summary>One segment moved to the archive.</summary>
    public sealed record Archived(string Segment, string ArchivePath, long Bytes, long CompressedBytes);

    /// <summary>Archives every live segment, but the last, whose records are all at or before <paramref name="upToSequence"/>.</summary>
    public static IReadOnlyList<Archived> Archive(string journalDirectory, long upToSequence) =>
        Archive(journalDirectory, upToSequence, JournalRetention.Immediately, DateTime.UtcNow);

    /// <summary>
    /// Archives, oldest first, the live segments (but the last) whose records are all at or before
    /// <paramref name="upToSequence"/> and that <paramref name="policy"/> lets go at <paramref name="nowUtc"/>:
    /// older than its age, or over its byte limit for such segments.
    /// </summary>
    public static IReadOnlyList<Archived> Archive(string journalDirectory, long upToSequence, JournalRetention policy, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var live = JournalDirectory.Segments(journalDirectory);
        var unneeded = 0;
        long unneededBytes = 0;
        while (unneeded + 1 < live.Count && JournalDirectory.FirstSequenceOf(live[unneeded + 1]) - 1 <= upToSequence)
        {
            unneededBytes += new FileInfo(live[unneeded]).Length; // the next segment starts after it: all its records are at or before the limit
            unneeded++;
        }

        var moved = new List<Archived>();
        for (var i = 0; i < unneeded; i++)
        {
            var old = nowUtc - File.GetLastWriteTimeUtc(live[i]) >= policy.MinAge;
            var over = policy.MaxLiveBytes is { } limit && unneededBytes > limit;
            if (!old && !over)
            {
                break; // younger segments follow: they stay live too
            }

            var archived = Move(journalDirectory, live[i]);
            unneededBytes -= archived.Bytes;
            moved.Add(archived);
        }

        return moved;
    }

    private static Archived Move(string journalDirectory, string segment)
    {
        var archive = JournalDirectory.ArchiveDirectory(journalDirectory);
        Directory.CreateDirectory(archive);
        var target = Path.Combine(archive, Path.GetFileName(segment) + ".gz");
        var temporary = target + ".tmp";
        using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            using (var input = File.OpenRead(segment))
            {
                input.CopyTo(gzip);
            }

            output.Flush(flushToDisk: true);
        }

        File.Move(temporary, target, overwrite: true);
        DirectorySync.Flush(archive);
        var bytes = new FileInfo(segment).Length;
        File.Delete(segment); // only now: the archived copy is on disk under its final name
        DirectorySync.Flush(journalDirectory);
        return new Archived(segment, target, bytes, new FileInfo(target).Length);
    }
}
