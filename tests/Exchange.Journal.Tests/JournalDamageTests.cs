using Exchange.Core.Commands;
using Exchange.Journal.Format;
using Exchange.Journal.Reading;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Tests;

public sealed class JournalDamageTests
{
    /// <summary>A journal of the sample commands in batches of <paramref name="perBatch"/>; the file length after each batch and the records up to it.</summary>
    private static (string Segment, List<long> BatchEnds, List<int> RecordsAt) WriteSample(string directory, int perBatch = 3, bool lz4 = false)
    {
        var ends = new List<long>();
        var records = new List<int>();
        using (var writer = new JournalWriter(directory, new JournalWriterOptions { Lz4Blocks = lz4 }))
        {
            var n = 0;
            var commands = SampleCommands.All(repeat: 2);
            foreach (var c in commands)
            {
                writer.Append(c);
                if (++n % perBatch == 0 || n == commands.Length)
                {
                    writer.Commit();
                    ends.Add(new FileInfo(JournalDirectory.Segments(directory).Single()).Length);
                    records.Add(n);
                }
            }
        }

        return (JournalDirectory.Segments(directory).Single(), ends, records);
    }

    private static (int Count, TornTail? Torn) Scan(string directory)
    {
        var survey = JournalSurvey.Scan(directory);
        return ((int)survey.Records, survey.TornTail);
    }

    /// <summary>Every command record's offset and sequence, as the reader sees them.</summary>
    private static List<(long Offset, long Sequence)> RecordOffsets(string segment)
    {
        var list = new List<(long, long)>();
        using var reader = SegmentReader.Open(segment);
        while (reader.Next() == ReadStatus.Record)
        {
            list.Add((reader.Offset, reader.Record.Sequence));
        }

        return list;
    }

    [Fact]
    public void A_last_batch_cut_short_at_every_byte_is_a_torn_tail_cut_whole_and_kept()
    {
        using var journal = new TempJournal();
        var (segment, ends, records) = WriteSample(journal.Path);
        var original = File.ReadAllBytes(segment);
        var lastStart = ends[^2];
        for (var cut = lastStart + 1; cut < ends[^1]; cut++)
        {
            File.WriteAllBytes(segment, original.AsSpan(0, (int)cut).ToArray());
            var (count, torn) = Scan(journal.Path);
            Assert.Equal(records[^2], count);
            Assert.NotNull(torn);
            Assert.Equal(lastStart, torn.Offset);
            Assert.Equal(cut - lastStart, torn.Bytes);

            var repaired = JournalRepair.TruncateTornTail(journal.Path);
            Assert.Equal(torn, repaired);
            Assert.Equal(lastStart, new FileInfo(segment).Length);
            Assert.Equal(original.AsSpan((int)lastStart, (int)(cut - lastStart)).ToArray(), File.ReadAllBytes(JournalRepair.KeptPath(journal.Path, torn)));
            Assert.Equal((records[^2], (TornTail?)null), Scan(journal.Path));
            Directory.Delete(Path.Combine(journal.Path, JournalRepair.TornTailsFolder), recursive: true);
        }
    }

    [Fact]
    public void Zero_filled_tail_is_a_torn_tail()
    {
        using var journal = new TempJournal();
        var (segment, _, records) = WriteSample(journal.Path);
        using (var file = new FileStream(segment, FileMode.Append))
        {
            file.Write(new byte[500]);
        }

        var (count, torn) = Scan(journal.Path);
        Assert.Equal(records[^1], count);
        Assert.Equal(500, torn!.Bytes);
    }

    [Fact]
    public void A_last_record_whose_end_never_reached_the_disk_is_a_torn_tail()
    {
        using var journal = new TempJournal();
        long length;
        int committed;
        var writer = new JournalWriter(journal.Path);
        var n = 0;
        var stream = SampleCommands.All(repeat: 40);

        // Commit single commands until the last seal spans a sector boundary, so zeroing from that
        // boundary leaves exactly what a write lost in a power cut leaves: a record ending in zero sectors.
        while (true)
        {
            writer.Append(stream[n++]);
            writer.Commit();
            length = new FileInfo(journal.Segments.Single()).Length;
            var boundary = length / DamageForensics.Sector * DamageForensics.Sector;
            if (boundary > length - BatchSeal.RecordSize + 8 && boundary < length - 4)
            {
                committed = n - 1;
                break;
            }
        }

        writer.Dispose();
        var bytes = File.ReadAllBytes(journal.Segments.Single());
        var from = (int)(length / DamageForensics.Sector * DamageForensics.Sector);
        bytes.AsSpan(from).Clear();
        File.WriteAllBytes(journal.Segments.Single(), bytes);

        var (count, torn) = Scan(journal.Path);
        Assert.Equal(committed, count);
        Assert.Contains("zero-filled sectors", torn!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_flipped_bit_anywhere_in_the_last_batches_is_never_taken_for_a_torn_tail(bool lz4)
    {
        // The property of the recovery contract: whatever single bit of the last records flips,
        // recovery either keeps every committed record or refuses to start. Never fewer, silently.
        using var journal = new TempJournal();
        var (segment, ends, records) = WriteSample(journal.Path, perBatch: 2, lz4: lz4);
        var original = File.ReadAllBytes(segment);
        var from = (int)ends[^4];
        var outcomes = (Refused: 0, Kept: 0);
        for (var offset = from; offset < original.Length; offset++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var damaged = (byte[])original.Clone();
                damaged[offset] ^= (byte)(1 << bit);
                File.WriteAllBytes(segment, damaged);
                try
                {
                    var survey = JournalSurvey.Scan(journal.Path);
                    Assert.True(survey.Records == records[^1] && survey.TornTail is null,
                        $"bit {bit} of byte {offset}: {survey.Records} of {records[^1]} records kept, torn tail {survey.TornTail?.Reason}");
                    outcomes.Kept++;
                }
                catch (JournalCorruptException ex)
                {
                    Assert.Equal(segment, ex.Segment);
                    outcomes.Refused++;
                }
            }
        }

        Assert.True(outcomes.Refused > (original.Length - from) * 7, $"refused {outcomes.Refused}, kept {outcomes.Kept}");
    }

    [Fact]
    public void A_flipped_length_bit_near_the_end_is_corruption_not_a_torn_tail()
    {
        // The case seen from outside: a length that now runs past the end of the file looked torn,
        // and recovery deleted every acknowledged record after it.
        using var journal = new TempJournal();
        var (segment, _, records) = WriteSample(journal.Path);
        var offsets = RecordOffsets(segment);
        var original = File.ReadAllBytes(segment);
        foreach (var (offset, sequence) in new[] { offsets[^3], offsets[^1] })
        {
            var damaged = (byte[])original.Clone();
            damaged[offset + 1] ^= 0x10; // +4096 bytes: past the end of the file
            File.WriteAllBytes(segment, damaged);
            var error = Assert.Throws<JournalCorruptException>(() => JournalRepair.TruncateTornTail(journal.Path));
            Assert.Equal(offset, error.Offset);
            Assert.Contains("length", error.Message, StringComparison.Ordinal);
            Assert.Equal(original.Length, new FileInfo(segment).Length);
            Assert.True(error.Sequence <= sequence);
        }

        File.WriteAllBytes(segment, original);
        Assert.Equal(records[^1], Scan(journal.Path).Count);
    }

    [Fact]
    public void A_corrupt_byte_before_the_tail_stops_with_segment_offset_and_sequence()
    {
        using var journal = new TempJournal();
        var (segment, ends, _) = WriteSample(journal.Path);
        var offsets = RecordOffsets(segment);
        var original = File.ReadAllBytes(segment);
        for (var i = 0; i < offsets.Count; i += 3)
        {
            var (offset, sequence) = offsets[i];
            if (offset >= ends[^2])
            {
                break;
            }

            var bytes = (byte[])original.Clone();
            bytes[offset + RecordHeader.Size + 1] ^= 0x5A;
            File.WriteAllBytes(segment, bytes);

            var error = Assert.Throws<JournalCorruptException>(() => Scan(journal.Path));
            Assert.Equal(segment, error.Segment);
            Assert.Equal(offset, error.Offset);
            Assert.Equal(sequence, error.Sequence);
            Assert.Contains(segment, error.Message, StringComparison.Ordinal);
            Assert.Throws<JournalCorruptException>(() => JournalRepair.TruncateTornTail(journal.Path));
        }
    }

    [Fact]
    public void A_record_changed_with_a_valid_crc_breaks_the_hash_chain()
    {
        using var journal = new TempJournal();
        var (segment, _, _) = WriteSample(journal.Path);
        var (offset, sequence) = RecordOffsets(segment)[4];
        var bytes = File.ReadAllBytes(segment);
        var header = RecordHeader.Read(bytes.AsSpan((int)offset));
        bytes[(int)offset + RecordHeader.Size + 40] ^= 0x01; // a quantity, changed by someone who also fixes the CRC
        RecordHeader.Write(bytes.AsSpan((int)offset), header.PayloadLength, header.Sequence, header.Timestamp, header.CommandType, header.CommandVersion);
        File.WriteAllBytes(segment, bytes);

        var error = Assert.Throws<JournalCorruptException>(() => Scan(journal.Path));
        Assert.Contains("hash chain broken", error.Message, StringComparison.Ordinal);
        Assert.True(error.Sequence >= sequence);
        Assert.Null(JournalSurvey.Scan(journal.Path, verifyChain: false).TornTail); // the CRCs alone cannot see it
    }

    [Fact]
    public void A_segment_that_does_not_continue_the_chain_of_the_one_before_is_corruption()
    {
        using var journal = new TempJournal();
        JournalFiles.Write(journal.Path, SampleCommands.All(repeat: 4), batch: 5, new JournalWriterOptions { SegmentBytes = 1_024 });
        Assert.True(journal.Segments.Count > 2);
        var second = journal.Segments[1];
        var bytes = File.ReadAllBytes(second);
        Assert.True(SegmentHeader.TryRead(bytes, out var header, out _));
        (header with { ChainBefore = new ChainValue(1, 2, 3, 4) }).Write(bytes);
        File.WriteAllBytes(second, bytes);

        var error = Assert.Throws<JournalCorruptException>(() => Scan(journal.Path));
        Assert.Equal(second, error.Segment);
        Assert.Contains("chain broken between segments", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_refuses_to_append_after_a_torn_tail()
    {
        using var journal = new TempJournal();
        var (segment, ends, records) = WriteSample(journal.Path);
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(ends[^1] - 3);
        }

        var error = Assert.Throws<InvalidOperationException>(() => new JournalWriter(journal.Path));
        Assert.Contains("torn", error.Message, StringComparison.Ordinal);
        JournalRepair.TruncateTornTail(journal.Path);
        using var writer = new JournalWriter(journal.Path);
        Assert.Equal(records[^2], writer.LastSequence);
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
    }

    [Fact]
    public void A_segment_shorter_than_its_header_is_corruption_even_the_last_one_and_the_writer_will_not_open_over_it()
    {
        using var journal = new TempJournal();
        var (segment, _, records) = WriteSample(journal.Path);
        var whole = File.ReadAllBytes(segment);
        File.WriteAllBytes(segment, whole[..10]); // the only segment, cut short by a careless copy: every committed record lost

        var error = Assert.Throws<JournalCorruptException>(() => Scan(journal.Path));
        Assert.Equal((segment, 0L), (error.Segment, error.Offset));
        Assert.Contains("shorter than its 64-byte header", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a crash", error.Message, StringComparison.Ordinal);
        Assert.Throws<JournalCorruptException>(() => new JournalWriter(journal.Path)); // no new history over it
        Assert.Equal(10, new FileInfo(segment).Length); // and nothing moved or cut

        File.WriteAllBytes(segment, new byte[whole.Length]); // zeros under the name: damage too
        Assert.Contains("only zeros", Assert.Throws<JournalCorruptException>(() => Scan(journal.Path)).Message, StringComparison.Ordinal);
        File.WriteAllBytes(segment, whole);
        Assert.Equal(records[^1], Scan(journal.Path).Count);
    }

    [Fact]
    public void A_segment_is_named_only_once_its_header_is_durable_and_a_half_created_one_is_removed()
    {
        using var journal = new TempJournal();
        var (_, _, records) = WriteSample(journal.Path);
        var half = JournalDirectory.SegmentPath(journal.Path, records[^1] + 1) + ".creating";
        File.WriteAllBytes(half, [0x45, 0x58, 0x4A]); // a crash three bytes into a new segment's header

        Assert.Equal(records[^1], Scan(journal.Path).Count); // readers never see it
        using (var writer = new JournalWriter(journal.Path, new JournalWriterOptions { SegmentBytes = 1 }))
        {
            Assert.False(File.Exists(half)); // the writer removes it: it held nothing committed
            var command = Command.Deposit(1, 1, 5);
            command.Sequence = records[^1] + 1;
            command.Timestamp = 1;
            writer.Append(command);
            writer.Commit(); // rolls (SegmentBytes 1): the new segment appears under its name with its header
        }

        Assert.Empty(Directory.GetFiles(journal.Path, "*.creating"));
        Assert.Equal(records[^1] + 1, Scan(journal.Path).Count);
    }

    [Fact]
    public void A_segment_whose_name_disagrees_with_its_header_is_refused()
    {
        using var journal = new TempJournal();
        var (segment, _, _) = WriteSample(journal.Path);
        var renamed = JournalDirectory.SegmentPath(journal.Path, 7);
        File.Move(segment, renamed);
        var error = Assert.Throws<JournalCorruptException>(() => Scan(journal.Path));
        Assert.Equal(renamed, error.Segment);
        Assert.Contains("file name says the segment starts at sequence 7 but its header says 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<JournalCorruptException>(() => new JournalWriter(journal.Path));
    }

    [Fact]
    public void The_one_bit_test_finds_every_single_flip_and_not_a_double_one()
    {
        var data = new byte[300];
        new Random(7).NextBytes(data);
        var crc = System.IO.Hashing.Crc32.HashToUInt32(System.IO.Hashing.Crc32ParameterSet.Crc32C, data);
        for (var i = 0; i < data.Length * 8; i += 5)
        {
            data[i / 8] ^= (byte)(1 << (i % 8));
            Assert.True(DamageForensics.IsOneFlippedBit(data.AsSpan(0, 100), data.AsSpan(100), crc));
            data[(i + 13) / 8 % data.Length] ^= (byte)(1 << ((i + 13) % 8));
            Assert.False(DamageForensics.IsOneFlippedBit(data, [], crc));
            data[(i + 13) / 8 % data.Length] ^= (byte)(1 << ((i + 13) % 8));
            data[i / 8] ^= (byte)(1 << (i % 8));
        }

        Assert.True(DamageForensics.IsOneFlippedBit(data, [], crc ^ 0x0100_0000)); // the stored CRC itself
    }
}
