namespace Exchange.Journal.Writing;

/// <summary>
/// Creates a journal segment so that its final name only ever names a file whose header is durable:
/// the header is written to <c>{name}.creating</c>, fsynced, the file renamed, and the folder fsynced.
/// A crash at any step leaves either no segment (a <c>.creating</c> file holding nothing committed,
/// removed at the next start) or a complete one, so a segment shorter than its header under its final
/// name can only be damage, never "a crash while it was being created": start-up refuses it instead of
/// moving it aside and starting an empty history over acknowledged commands.
/// </summary>
internal static class SegmentCreation
{
    /// <summary>The suffix of a segment being created.</summary>
    public const string TemporarySuffix = ".creating";

    /// <summary>Creates the segment at <paramref name="path"/> with <paramref name="header"/> durable, and returns it open for appends at its end.</summary>
    public static FileStream Create(string path, ReadOnlySpan<byte> header, SegmentIo io, long reserveBytes)
    {
        var temporary = path + TemporarySuffix;
        File.Delete(temporary); // one a crash left: it never held a committed byte
        var segment = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        try
        {
            if (reserveBytes > 0)
            {
                SegmentFile.Reserve(segment, reserveBytes);
            }

            io.Write(segment, header);
            io.Flush(segment);
            File.Move(temporary, path, overwrite: false); // the open handle follows the file
            DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
            return segment;
        }
        catch
        {
            segment.Dispose();
            throw;
        }
    }

    /// <summary>Removes segments a crash left half created (they hold nothing that was committed).</summary>
    public static void RemoveLeftovers(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var leftover in Directory.GetFiles(directory, "*" + JournalDirectory.Extension + TemporarySuffix))
        {
            File.Delete(leftover);
        }
    }
}
