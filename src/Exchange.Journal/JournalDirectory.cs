using System.Globalization;

namespace Exchange.Journal;

/// <summary>
/// Naming of segment files: <c>{first sequence, 20 digits}.journal</c>, so that name order is
/// sequence order and a tool can find the segment for a sequence without opening files. Segments
/// moved to the archive keep the name with <c>.journal.gz</c>.
/// </summary>
public static class JournalDirectory
{
    public const string Extension = ".journal";

    public static string SegmentPath(string directory, long firstSequence) =>
        Path.Combine(directory, firstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension);

    /// <summary>Segment files of a folder in sequence order (empty if the folder does not exist).</summary>
    public static IReadOnlyList<string> Segments(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var files = Directory.GetFiles(directory, "*" + Extension);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>The first sequence a segment's name gives (live <c>.journal</c> or archived <c>.journal.gz</c>).</summary>
    public static long FirstSequenceOf(string segmentPath)
    {
        var name = Path.GetFileName(segmentPath);
        var stem = name.EndsWith(ArchivedExtension, StringComparison.Ordinal) ? name[..^ArchivedExtension.Length]
            : name.EndsWith(Extension, StringComparison.Ordinal) ? name[..^Extension.Length]
            : name;
        return long.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            ? first
            : throw new JournalCorruptException(segmentPath, 0, null, "segment file name is not a sequence number");
    }

    /// <summary>Archived segments: the same bytes, gzip-compressed, in <c>archive/</c> under the journal folder.</summary>
    public const string ArchivedExtension = ".journal.gz";

    public static string ArchiveDirectory(string directory) => Path.Combine(directory, "archive");

    public static bool IsArchived(string segmentPath) => segmentPath.EndsWith(ArchivedExtension, StringComparison.Ordinal);

    /// <summary>
    /// The whole journal: archived segments, then live ones, in sequence order. An archived copy whose live
    /// segment still exists (an archiving cut short by a crash) is left out: the live file is the journal.
    /// </summary>
    public static IReadOnlyList<string> AllSegments(string directory)
    {
        var live = Segments(directory);
        var archive = ArchiveDirectory(directory);
        if (!Directory.Exists(archive))
        {
            return live;
        }

        var liveFirsts = new HashSet<long>();
        foreach (var path in live)
        {
            liveFirsts.Add(FirstSequenceOf(path));
        }

        var all = new List<string>();
        var archived = Directory.GetFiles(archive, "*" + ArchivedExtension);
        Array.Sort(archived, StringComparer.Ordinal);
        foreach (var path in archived)
        {
            if (!liveFirsts.Contains(FirstSequenceOf(path)))
            {
                all.Add(path);
            }
        }

        all.AddRange(live);
        return all;
    }
}
