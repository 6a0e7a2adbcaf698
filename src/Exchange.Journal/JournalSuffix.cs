using Exchange.Journal.Reading;

namespace Exchange.Journal;

/// <summary>
/// Cuts a journal back to a batch boundary: what a deposed primary (or a standby that followed it) does
/// with batches it wrote that the new primary's history does not hold. Nothing is deleted: the cut bytes
/// and whole later segments go to <c>journal/cut-suffixes/</c>, snapshots past the boundary (and their
/// read-model files) to <c>snapshots/cut-suffixes/</c>, each fsynced before the original goes.
/// </summary>
public static class JournalSuffix
{
    public const string Folder = "cut-suffixes";

    /// <summary>What a cut moved aside.</summary>
    public sealed record CutResult(long AfterSequence, long LastSequenceBefore, IReadOnlyList<string> KeptFiles, long Bytes);

    /// <summary>Cuts everything after <paramref name="sequence"/>, which must be a batch boundary of the journal.</summary>
    /// <exception cref="InvalidDataException">No batch ends at <paramref name="sequence"/>.</exception>
    public static CutResult CutAfter(string journalDirectory, string snapshotDirectory, long sequence)
    {
        var kept = new List<string>();
        long bytes = 0;
        long lastBefore = 0;
        var aside = Path.Combine(journalDirectory, Folder);
        var segments = JournalDirectory.Segments(journalDirectory);
        foreach (var segment in segments)
        {
            var first = JournalDirectory.FirstSequenceOf(segment);
            var startsHistoryAfterSnapshot = segment == segments[0] && first > 1 && !Directory.Exists(JournalDirectory.ArchiveDirectory(journalDirectory));
            if (first > sequence + 1 || (first == sequence + 1 && !startsHistoryAfterSnapshot))
            {
                bytes += new FileInfo(segment).Length;
                kept.Add(KeptBytes.MoveFile(segment, Path.Combine(aside, Path.GetFileName(segment) + $".after-{sequence}")));
                continue;
            }

            long cutAt = -1;
            long length;
            using (var reader = SegmentReader.Open(segment))
            {
                length = reader.Length;
                if (first == sequence + 1)
                {
                    cutAt = Format.SegmentHeader.Size; // a journal that starts after a snapshot: keep the header (it carries the chain value), nothing after
                }

                while (cutAt < 0 && reader.Next() == ReadStatus.Record)
                {
                    lastBefore = Math.Max(lastBefore, reader.Record.Sequence);
                    if (reader.BatchEnd.Sequence == sequence)
                    {
                        cutAt = reader.BatchEndOffset;
                    }
                    else if (reader.BatchEnd.Sequence > sequence)
                    {
                        throw new InvalidDataException($"Sequence {sequence} is not the end of a batch in {segment}: a cut there would split a batch.");
                    }
                }
            }

            if (cutAt >= 0 && cutAt < length)
            {
                bytes += length - cutAt;
                kept.Add(KeptBytes.MoveTail(segment, cutAt, Path.Combine(aside, $"{Path.GetFileName(segment)}.at-{cutAt}.after-{sequence}")));
            }
        }

        if (Directory.Exists(snapshotDirectory))
        {
            foreach (var file in Directory.GetFiles(snapshotDirectory))
            {
                var name = Path.GetFileName(file);
                if (name.Length >= 20 && long.TryParse(name.AsSpan(0, 20), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var at) && at > sequence)
                {
                    kept.Add(KeptBytes.MoveFile(file, Path.Combine(snapshotDirectory, Folder, name)));
                }
            }
        }

        return new CutResult(sequence, lastBefore, kept, bytes);
    }
}
