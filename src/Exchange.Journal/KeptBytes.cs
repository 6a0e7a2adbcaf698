using System.Globalization;
using Exchange.Journal.Writing;

namespace Exchange.Journal;

/// <summary>
/// How journal bytes leave a live journal without being lost (a torn tail, a cut suffix, a segment or snapshot
/// past a cut): copied or renamed into a file of their own, made durable with its folder, and only then cut
/// from where they were. A kept file never replaces another one.
/// </summary>
internal static class KeptBytes
{
    /// <summary>
    /// Copies <paramref name="segment"/> from <paramref name="offset"/> to its end into <paramref name="kept"/>
    /// (fsynced, its folder too), then truncates the segment there (offset 0: removes it) and fsyncs the
    /// segment's folder. Returns the path the bytes went to.
    /// </summary>
    public static string MoveTail(string segment, long offset, string kept)
    {
        kept = Unused(kept);
        var keptFolder = Path.GetDirectoryName(kept)!;
        Directory.CreateDirectory(keptFolder);
        using (var source = new FileStream(segment, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var copy = new FileStream(kept, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            source.Position = offset;
            source.CopyTo(copy);
            copy.Flush(flushToDisk: true);
        }

        DirectorySync.Flush(keptFolder);
        if (offset == 0)
        {
            File.Delete(segment); // nothing before the offset to keep in place: its bytes are kept above
        }
        else
        {
            using var file = new FileStream(segment, FileMode.Open, FileAccess.Write, FileShare.None);
            file.SetLength(offset);
            file.Flush(flushToDisk: true);
        }

        DirectorySync.Flush(Path.GetDirectoryName(segment)!);
        return kept;
    }

    /// <summary>Renames <paramref name="file"/> to <paramref name="kept"/> and fsyncs both folders. Returns the path it went to.</summary>
    public static string MoveFile(string file, string kept)
    {
        kept = Unused(kept);
        var keptFolder = Path.GetDirectoryName(kept)!;
        Directory.CreateDirectory(keptFolder);
        File.Move(file, kept);
        DirectorySync.Flush(keptFolder);
        DirectorySync.Flush(Path.GetDirectoryName(file)!);
        return kept;
    }

    private static string Unused(string path) => File.Exists(path) ? path + "." + DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture) : path;
}
