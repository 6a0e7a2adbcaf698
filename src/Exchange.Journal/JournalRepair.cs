using System.Globalization;
using Exchange.Journal.Format;
using Exchange.Journal.Reading;

namespace Exchange.Journal;

/// <summary>
/// Startup repair: reads the whole journal (which also proves everything before the tail is
/// intact, or throws) and cuts a torn tail off the last segment, keeping the cut bytes in
/// <c>torn-tails/</c> beside the segments so nothing is ever thrown away.
/// </summary>
public static class JournalRepair
{
    /// <summary>The folder inside the journal folder where cut tails are kept.</summary>
    public const string TornTailsFolder = "torn-tails";

    /// <summary>Cuts a torn tail if there is one; returns it (null when the journal was clean).</summary>
    /// <exception cref="JournalCorruptException">Damage that is not a torn tail.</exception>
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
            Cut(directory, torn);
        }

        return torn;
    }

    /// <summary>Where the bytes of <paramref name="torn"/> are (or would be) kept.</summary>
    public static string KeptPath(string directory, TornTail torn) => Path.Combine(directory, TornTailsFolder,
        $"{Path.GetFileName(torn.Segment)}.at-{torn.Offset.ToString(CultureInfo.InvariantCulture)}.torn");

    /// <summary>
    /// Why a segment under its final name has no valid header (shorter than one, or nothing but zeros), or
    /// null when it has one. Segments are created under a temporary name and renamed only once their header
    /// is durable (<c>SegmentCreation</c>), so this is never a crash while one was being created: it is
    /// damage (a truncated copy, a bad disk), and the reader refuses it rather than take the journal for
    /// shorter than it is.
    /// </summary>
    public static string? MissingHeader(string segment)
    {
        using var file = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (file.Length < SegmentHeader.Size)
        {
            return $"the segment is {file.Length} bytes, shorter than its {SegmentHeader.Size}-byte header: a segment gets its name only after its header is durable, so this is damage (a truncated copy or a bad disk), not a crash; restore the segment from a replica or a backup";
        }

        // Every cursor asks this of the last segment: a written header answers it in 64 bytes, and only
        // a zero header makes the rest worth reading.
        Span<byte> chunk = stackalloc byte[4096];
        int read;
        while ((read = file.Read(chunk)) > 0)
        {
            if (chunk[..read].ContainsAnyExcept((byte)0))
            {
                return null;
            }
        }

        return "the segment holds only zeros: a segment gets its name only after its header is durable, so this is damage (a bad disk or a copy of a sparse file), not a crash; restore the segment from a replica or a backup";
    }

    /// <summary>Cuts <paramref name="torn"/> (found by a scan of this journal) after copying its bytes to <see cref="KeptPath"/>.</summary>
    public static void Cut(string directory, TornTail torn)
    {
        ArgumentNullException.ThrowIfNull(torn);
        KeptBytes.MoveTail(torn.Segment, torn.Offset, KeptPath(directory, torn)); // a segment torn while being created (offset 0) is removed
    }
}
