using System.Globalization;

namespace Exchange.Journal;

/// <summary>
/// Naming of segment files: <c>{first sequence, 20 digits}.journal</c>, so that name order is
/// sequence order and a tool can find the segment for a sequence without opening files.
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

    public static long FirstSequenceOf(string segmentPath) =>
        long.TryParse(Path.GetFileNameWithoutExtension(segmentPath), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            ? first
            : throw new JournalCorruptException(segmentPath, 0, null, "segment file name is not a sequence number");
}
