using Exchange.Core.Commands;
using Exchange.Journal.Reading;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Tests;

/// <summary>
/// Retention moves old segments to journal/archive/, compressed, and deletes nothing: readers still see
/// one journal from the first command with the hash chain unbroken across the archive boundary.
/// </summary>
public sealed class JournalArchiveTests
{
    private static Command[] WriteSegments(string directory)
    {
        var commands = SampleCommands.All(repeat: 40);
        JournalFiles.Write(directory, commands, batch: 5, new JournalWriterOptions { SegmentBytes = 4_096 });
        return commands;
    }

    private static List<Command> ReadAll(string directory, long from = 0)
    {
        var read = new List<Command>();
        using var cursor = new JournalCursor(directory, from);
        while (cursor.MoveNext())
        {
            read.Add(cursor.ReadCommand());
        }

        return read;
    }

    [Fact]
    public void Old_segments_move_to_the_archive_compressed_and_the_journal_still_reads_whole_with_its_chain()
    {
        using var journal = new TempJournal();
        var commands = WriteSegments(journal.Path);
        var before = JournalSurvey.Scan(journal.Path);
        var live = journal.Segments;
        Assert.True(live.Count > 5);
        var keepFrom = JournalDirectory.FirstSequenceOf(live[4]) - 1; // everything in the first four segments

        var archived = JournalArchiver.Archive(journal.Path, keepFrom);

        Assert.Equal(4, archived.Count);
        Assert.Equal(live.Count - 4, journal.Segments.Count);
        Assert.All(archived, a => Assert.True(File.Exists(a.ArchivePath) && !File.Exists(a.Segment)));
        Assert.All(archived, a => Assert.True(a.CompressedBytes < a.Bytes, $"{a.ArchivePath}: {a.CompressedBytes} of {a.Bytes} bytes"));
        Assert.Equal(commands, ReadAll(journal.Path));
        var after = JournalSurvey.Scan(journal.Path); // every record, seal and chain link checked, across the boundary
        Assert.Equal((before.FirstSequence, before.LastSequence, before.Records, before.Head), (after.FirstSequence, after.LastSequence, after.Records, after.Head));
    }

    [Fact]
    public void The_active_segment_is_never_archived_and_nothing_past_the_limit_moves()
    {
        using var journal = new TempJournal();
        WriteSegments(journal.Path);
        var live = journal.Segments;
        var archived = JournalArchiver.Archive(journal.Path, long.MaxValue);
        Assert.Equal(live.Count - 1, archived.Count);
        Assert.Equal([live[^1]], journal.Segments);

        using var second = new TempJournal();
        WriteSegments(second.Path);
        var first = second.Segments;
        Assert.Empty(JournalArchiver.Archive(second.Path, JournalDirectory.FirstSequenceOf(first[1]) - 2)); // the first segment's last record is after it
    }

    [Fact]
    public void The_policy_keeps_young_segments_live_until_they_age_or_take_too_many_bytes()
    {
        using var journal = new TempJournal();
        WriteSegments(journal.Path);
        var live = journal.Segments;
        Assert.True(live.Count > 6);
        var now = new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < live.Count; i++)
        {
            File.SetLastWriteTimeUtc(live[i], now - TimeSpan.FromMinutes(i < 2 ? 90 : 10)); // the first two older than the hour
        }

        var needed = JournalDirectory.FirstSequenceOf(live[5]) - 1; // segments 0-4 no start-up needs
        var hour = new JournalRetention(TimeSpan.FromHours(1));

        Assert.Equal(live.Take(2), [.. JournalArchiver.Archive(journal.Path, needed, hour, now).Select(a => a.Segment)]);
        Assert.Empty(JournalArchiver.Archive(journal.Path, needed, hour, now)); // 2-4 are younger than an hour
        var size = (long)(new FileInfo(live[2]).Length + new FileInfo(live[3]).Length + new FileInfo(live[4]).Length);

        // Over the byte limit, the oldest unneeded segments go first until the rest fits; young as they are.
        var archived = JournalArchiver.Archive(journal.Path, needed, hour with { MaxLiveBytes = size - 1 }, now);
        Assert.Equal([live[2]], [.. archived.Select(a => a.Segment)]);

        // Segments a start-up may need stay, however old and however many bytes.
        foreach (var segment in journal.Segments)
        {
            File.SetLastWriteTimeUtc(segment, now - TimeSpan.FromDays(30));
        }

        archived = JournalArchiver.Archive(journal.Path, needed, new JournalRetention(TimeSpan.Zero, MaxLiveBytes: 0), now);
        Assert.Equal(live.Skip(3).Take(2), [.. archived.Select(a => a.Segment)]);
        Assert.Equal(live.Skip(5), journal.Segments);
    }

    [Fact]
    public void An_archiving_cut_short_leaves_both_copies_and_the_journal_is_read_once()
    {
        using var journal = new TempJournal();
        var commands = WriteSegments(journal.Path);
        var first = journal.Segments[0];
        var copyDirectory = Path.Combine(journal.Path, "copy");
        Directory.CreateDirectory(copyDirectory);
        File.Copy(first, Path.Combine(copyDirectory, Path.GetFileName(first)));
        File.Copy(journal.Segments[1], Path.Combine(copyDirectory, Path.GetFileName(journal.Segments[1])));
        JournalArchiver.Archive(copyDirectory, JournalDirectory.FirstSequenceOf(journal.Segments[1]) - 1);
        Directory.CreateDirectory(JournalDirectory.ArchiveDirectory(journal.Path));
        File.Copy(Path.Combine(JournalDirectory.ArchiveDirectory(copyDirectory), Path.GetFileName(first) + ".gz"),
            Path.Combine(JournalDirectory.ArchiveDirectory(journal.Path), Path.GetFileName(first) + ".gz"), overwrite: false);
        Directory.Delete(copyDirectory, recursive: true);

        Assert.True(File.Exists(first)); // the crash came before the live file was removed
        Assert.Equal(commands, ReadAll(journal.Path));
    }

    [Fact]
    public void Reading_from_a_later_sequence_does_not_open_the_archive()
    {
        using var journal = new TempJournal();
        var commands = WriteSegments(journal.Path);
        var live = journal.Segments;
        var from = JournalDirectory.FirstSequenceOf(live[3]);
        foreach (var archived in JournalArchiver.Archive(journal.Path, from - 1))
        {
            File.WriteAllBytes(archived.ArchivePath, [1, 2, 3]); // unreadable: opening it would throw
        }

        Assert.Equal(commands.Where(c => c.Sequence >= from), ReadAll(journal.Path, from));
        var damaged = Assert.Throws<JournalCorruptException>(() => ReadAll(journal.Path)); // named, not a stack trace
        Assert.Contains("archived segment cannot be decompressed", damaged.Message, StringComparison.Ordinal);
        Assert.Contains(".journal.gz", damaged.Message, StringComparison.Ordinal);
    }
}
