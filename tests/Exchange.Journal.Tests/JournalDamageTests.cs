using Exchange.Journal.Format;
using Exchange.Journal.Reading;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Tests;

public sealed class JournalDamageTests
{
    private static (string Segment, long[] RecordEnds) WriteSample(string directory, int repeat = 2)
    {
        using (var writer = new JournalWriter(directory))
        {
            foreach (var c in SampleCommands.All(repeat))
            {
                writer.Append(c);
                writer.Commit();
            }
        }

        var segment = JournalDirectory.Segments(directory).Single();
        var ends = new List<long>();
        using var reader = SegmentReader.Open(segment);
        while (reader.Next() == ReadStatus.Record)
        {
            ends.Add(reader.Position);
        }

        return (segment, [.. ends]);
    }

    private static (int Count, TornTail? Torn) Scan(string directory)
    {
        using var cursor = new JournalCursor(directory);
        var count = 0;
        while (cursor.MoveNext())
        {
            count++;
        }

        return (count, cursor.TornTail);
    }

    [Fact]
    public void Torn_last_record_at_every_byte_offset_keeps_every_complete_record()
    {
        using var journal = new TempJournal();
        var (segment, ends) = WriteSample(journal.Path);
        var original = File.ReadAllBytes(segment);
        var lastStart = ends[^2];
        for (var cut = lastStart + 1; cut < ends[^1]; cut++)
        {
            File.WriteAllBytes(segment, original.AsSpan(0, (int)cut).ToArray());
            var (count, torn) = Scan(journal.Path);
            Assert.Equal(ends.Length - 1, count);
            Assert.NotNull(torn);
            Assert.Equal(lastStart, torn.Offset);
            Assert.Equal(cut - lastStart, torn.Bytes);

            var repaired = JournalRepair.TruncateTornTail(journal.Path);
            Assert.Equal(torn, repaired);
            Assert.Equal(lastStart, new FileInfo(segment).Length);
            Assert.Equal((ends.Length - 1, (TornTail?)null), Scan(journal.Path));
        }
    }

    [Fact]
    public void Zero_filled_tail_is_a_torn_tail()
    {
        using var journal = new TempJournal();
        var (segment, ends) = WriteSample(journal.Path);
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write(new byte[500]);
        }

        var (count, torn) = Scan(journal.Path);
        Assert.Equal(ends.Length, count);
        Assert.Equal(500, torn!.Bytes);
    }

    [Fact]
    public void Garbled_last_record_with_zeros_after_it_is_a_torn_tail()
    {
        using var journal = new TempJournal();
        var (segment, ends) = WriteSample(journal.Path);
        var bytes = File.ReadAllBytes(segment);
        bytes[(int)ends[^2] + RecordHeader.Size + 3] ^= 0xFF;
        File.WriteAllBytes(segment, bytes);
        var (count, torn) = Scan(journal.Path);
        Assert.Equal(ends.Length - 1, count);
        Assert.Contains("CRC", torn!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_byte_before_the_tail_stops_with_segment_offset_and_sequence()
    {
        using var journal = new TempJournal();
        var (segment, ends) = WriteSample(journal.Path);
        for (var record = 0; record < ends.Length - 1; record += 3)
        {
            var start = record == 0 ? SegmentHeader.Size : ends[record - 1];
            var bytes = File.ReadAllBytes(segment);
            var original = bytes[(int)start + RecordHeader.Size + 1];
            bytes[(int)start + RecordHeader.Size + 1] ^= 0x5A;
            File.WriteAllBytes(segment, bytes);

            var error = Assert.Throws<JournalCorruptException>(() => Scan(journal.Path));
            Assert.Equal(segment, error.Segment);
            Assert.Equal(start, error.Offset);
            Assert.Equal(record + 1, error.Sequence);
            Assert.Contains(segment, error.Message, StringComparison.Ordinal);
            Assert.Throws<JournalCorruptException>(() => JournalRepair.TruncateTornTail(journal.Path));

            bytes[(int)start + RecordHeader.Size + 1] = original;
            File.WriteAllBytes(segment, bytes);
        }
    }

    [Fact]
    public void Writer_refuses_to_append_after_a_torn_tail()
    {
        using var journal = new TempJournal();
        var (segment, ends) = WriteSample(journal.Path);
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(ends[^1] - 3);
        }

        var error = Assert.Throws<InvalidOperationException>(() => new JournalWriter(journal.Path));
        Assert.Contains("torn", error.Message, StringComparison.Ordinal);
        JournalRepair.TruncateTornTail(journal.Path);
        using var writer = new JournalWriter(journal.Path);
        Assert.Equal(ends.Length - 1, writer.LastSequence);
    }

    [Fact]
    public void Files_that_are_not_journals_or_from_the_future_are_refused_clearly()
    {
        using var journal = new TempJournal();
        var path = JournalDirectory.SegmentPath(journal.Path, 1);
        File.WriteAllText(path, "this is not a journal, but long enough to hold a segment header of sixty-four bytes");
        Assert.Contains("bad magic", Assert.Throws<JournalCorruptException>(() => Scan(journal.Path)).Message, StringComparison.Ordinal);

        var header = new byte[SegmentHeader.Size];
        new SegmentHeader(99, 0, 1, 0).Write(header);
        File.WriteAllBytes(path, header);
        Assert.Contains("version 99", Assert.Throws<JournalCorruptException>(() => Scan(journal.Path)).Message, StringComparison.Ordinal);

        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Contains("shorter", Assert.Throws<JournalCorruptException>(() => Scan(journal.Path)).Message, StringComparison.Ordinal);
    }
}
