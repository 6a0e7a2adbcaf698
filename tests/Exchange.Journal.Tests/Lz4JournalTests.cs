using Exchange.Core.Commands;
using Exchange.Journal.Format;
using Exchange.Journal.Reading;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Tests;

public sealed class Lz4JournalTests
{
    private static readonly JournalWriterOptions Lz4 = new() { Lz4Blocks = true };

    private static void Write(string directory, IEnumerable<Command> commands, int batch, JournalWriterOptions options) =>
        JournalFiles.Write(directory, commands, batch, options);

    private static (List<Command> Commands, TornTail? Torn) ReadAll(string directory, long from = 0) => JournalFiles.Read(directory, from);

    [Fact]
    public void Compressed_blocks_read_back_exactly_and_take_less_space()
    {
        using var plain = new TempJournal();
        using var compressed = new TempJournal();
        var commands = SampleCommands.All(repeat: 30);
        Write(plain.Path, commands, batch: 50, new JournalWriterOptions());
        Write(compressed.Path, commands, batch: 50, Lz4);
        Assert.Equal(commands, ReadAll(compressed.Path).Commands);
        Assert.Equal(commands.Where(c => c.Sequence >= 77), ReadAll(compressed.Path, from: 77).Commands);
        var plainBytes = plain.Segments.Sum(s => new FileInfo(s).Length);
        var compressedBytes = compressed.Segments.Sum(s => new FileInfo(s).Length);
        Assert.True(compressedBytes < plainBytes / 2, $"{compressedBytes} vs {plainBytes} bytes");
        using var reader = SegmentReader.Open(compressed.Segments[0]);
        Assert.True(reader.IsCompressed);
    }

    [Fact]
    public void Compressed_segments_roll_and_mix_with_plain_ones()
    {
        using var journal = new TempJournal();
        var commands = SampleCommands.All(repeat: 30);
        Write(journal.Path, commands.Take(100), batch: 10, new JournalWriterOptions());
        Write(journal.Path, commands.Skip(100), batch: 10, Lz4 with { SegmentBytes = 1_024 });
        Assert.True(journal.Segments.Count > 3);
        Assert.Equal(commands, ReadAll(journal.Path).Commands);
    }

    [Fact]
    public void Torn_last_block_at_every_byte_offset_keeps_every_complete_block()
    {
        using var journal = new TempJournal();
        var commands = SampleCommands.All(repeat: 3);
        Write(journal.Path, commands, batch: 12, Lz4);
        var segment = journal.Segments.Single();
        var original = File.ReadAllBytes(segment);
        long lastBlockStart;
        using (var reader = SegmentReader.Open(segment))
        {
            long previousEnd = SegmentHeader.Size;
            lastBlockStart = previousEnd;
            while (reader.Next() == ReadStatus.Record)
            {
                if (reader.Offset != lastBlockStart)
                {
                    lastBlockStart = reader.Offset;
                }
            }
        }

        var complete = commands.Length - 12;
        for (var cut = (int)lastBlockStart + 1; cut < original.Length; cut++)
        {
            File.WriteAllBytes(segment, original[..cut]);
            var (read, torn) = ReadAll(journal.Path);
            Assert.Equal(commands.Take(complete), read);
            Assert.NotNull(torn);
            Assert.Equal(lastBlockStart, torn.Offset);
        }

        JournalRepair.TruncateTornTail(journal.Path);
        using (var writer = new JournalWriter(journal.Path, Lz4))
        {
            Assert.Equal(complete, writer.LastSequence);
            foreach (var c in commands.Skip(complete))
            {
                writer.Append(c);
            }
        }

        Assert.Equal(commands, ReadAll(journal.Path).Commands);
    }

    [Fact]
    public void A_corrupt_byte_in_an_earlier_block_is_a_clear_error()
    {
        using var journal = new TempJournal();
        Write(journal.Path, SampleCommands.All(repeat: 3), batch: 12, Lz4);
        var segment = journal.Segments.Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[SegmentHeader.Size + BlockHeader.Size + 5] ^= 0x20;
        File.WriteAllBytes(segment, bytes);
        var error = Assert.Throws<JournalCorruptException>(() => ReadAll(journal.Path));
        Assert.Equal(SegmentHeader.Size, error.Offset);
        Assert.Equal(1, error.Sequence);
        Assert.Contains("block CRC", error.Message, StringComparison.Ordinal);
    }
}
