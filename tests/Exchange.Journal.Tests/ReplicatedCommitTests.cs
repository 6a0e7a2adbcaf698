using Exchange.Journal.Format;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Tests;

/// <summary>
/// A standby's journal (JournalWriter.CommitReplicated) holds its primary's batches byte for byte; a batch
/// that does not continue it is refused before anything is written. History lookups and suffix cuts.
/// </summary>
public sealed class ReplicatedCommitTests
{
    /// <summary>Hands every committed batch of a primary's writer to a standby's writer, as the replication link does.</summary>
    private sealed class Relay(JournalWriter standby) : ICommitObserver
    {
        public List<(byte[] Records, long First, int Count, ChainPoint End)> Batches { get; } = [];

        public void OnWritten(ReadOnlySpan<byte> records, long firstSequence, int count, ChainPoint end)
        {
            Batches.Add((records.ToArray(), firstSequence, count, end));
            standby.CommitReplicated(records, firstSequence, count, end);
        }

        public void OnDurable(ChainPoint end)
        {
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_standby_writes_the_primary_s_segments_byte_for_byte(bool lz4)
    {
        using var primaryDir = new TempJournal();
        using var standbyDir = new TempJournal();
        var options = new JournalWriterOptions { Lz4Blocks = lz4, SegmentBytes = 4096 };
        using (var standby = new JournalWriter(standbyDir.Path, options))
        {
            var relay = new Relay(standby);
            JournalFiles.Write(primaryDir.Path, SampleCommands.All(repeat: 20), batch: 7, options with { Observer = relay });
            Assert.True(relay.Batches.Count > 10);
            Assert.Equal(relay.Batches[^1].End, standby.Chain);
        }

        Assert.True(primaryDir.Segments.Count > 1); // rolled alike
        Assert.Equal(primaryDir.Segments.Select(Path.GetFileName), standbyDir.Segments.Select(Path.GetFileName));
        for (var i = 0; i < primaryDir.Segments.Count; i++)
        {
            Assert.Equal(File.ReadAllBytes(primaryDir.Segments[i]), File.ReadAllBytes(standbyDir.Segments[i]));
        }
    }

    [Fact]
    public void A_batch_that_does_not_continue_the_chain_or_the_sequence_is_refused_and_nothing_is_written()
    {
        using var primaryDir = new TempJournal();
        using var standbyDir = new TempJournal();
        using var standby = new JournalWriter(standbyDir.Path);
        var relay = new Relay(standby);
        JournalFiles.Write(primaryDir.Path, SampleCommands.All(repeat: 2), batch: 5, new JournalWriterOptions { Observer = relay });
        var before = standby.Chain;
        var (records, first, count, end) = relay.Batches[^1];

        // Next sequence expected is end + 1: a replay of the last batch does not follow.
        Assert.Throws<InvalidDataException>(() => standby.CommitReplicated(records, first, count, end));

        // A batch that follows but whose chain value claims another history.
        var forged = new ChainPoint(end.Sequence + count, ChainValue.Next(ChainValue.Zero, records));
        var shifted = Renumber(records, end.Sequence + 1);
        Assert.Throws<InvalidDataException>(() => standby.CommitReplicated(shifted, end.Sequence + 1, count, forged));

        // A damaged record.
        var damaged = (byte[])shifted.Clone();
        damaged[^1] ^= 0x40;
        Assert.Throws<InvalidDataException>(() => standby.CommitReplicated(damaged, end.Sequence + 1, count, new ChainPoint(end.Sequence + count, ChainValue.Next(before.Value, damaged))));

        Assert.Equal(before, standby.Chain);
        Assert.Equal(before.Sequence, standby.LastSequence);
        var correct = new ChainPoint(end.Sequence + count, ChainValue.Next(before.Value, shifted));
        standby.CommitReplicated(shifted, end.Sequence + 1, count, correct); // the same batch, right: taken
        Assert.Equal(correct, standby.Chain);
    }

    /// <summary>The records with consecutive sequences from <paramref name="first"/>, CRCs recomputed.</summary>
    private static byte[] Renumber(byte[] records, long first)
    {
        var copy = (byte[])records.Clone();
        var offset = 0;
        var sequence = first;
        while (offset < copy.Length)
        {
            var header = RecordHeader.Read(copy.AsSpan(offset));
            RecordHeader.Write(copy.AsSpan(offset), header.PayloadLength, sequence++, header.Timestamp, header.CommandType, header.CommandVersion);
            offset += header.TotalLength;
        }

        return copy;
    }

    [Fact]
    public void The_boundary_at_or_before_a_sequence_is_the_end_of_the_last_whole_batch_there()
    {
        using var dir = new TempJournal();
        var ends = new List<ChainPoint>();
        using (var sink = new JournalWriter(Path.Combine(dir.Path, "copy")))
        {
            var relay = new Relay(sink);
            JournalFiles.Write(dir.Path, SampleCommands.All(repeat: 3), batch: 4, new JournalWriterOptions { Observer = relay, SegmentBytes = 2048 });
            ends.AddRange(relay.Batches.Select(b => b.End));
        }

        Assert.Equal(new ChainPoint(0, ChainValue.Zero), JournalHistory.BoundaryAtOrBefore(dir.Path, 0));
        foreach (var end in ends)
        {
            Assert.Equal(end, JournalHistory.BoundaryAtOrBefore(dir.Path, end.Sequence));
            Assert.Equal(end, JournalHistory.BoundaryAtOrBefore(dir.Path, end.Sequence + 1)); // inside the next batch (no batch here has one command)
        }

        Assert.Equal(ends[^1], JournalHistory.BoundaryAtOrBefore(dir.Path, long.MaxValue));
    }

    [Fact]
    public void A_cut_keeps_the_suffix_aside_and_leaves_the_journal_ending_at_the_boundary()
    {
        using var dir = new TempJournal();
        var ends = new List<ChainPoint>();
        using (var sink = new JournalWriter(Path.Combine(dir.Path, "copy")))
        {
            var relay = new Relay(sink);
            JournalFiles.Write(dir.Path, SampleCommands.All(repeat: 6), batch: 5, new JournalWriterOptions { Observer = relay, SegmentBytes = 2048 });
            ends.AddRange(relay.Batches.Select(b => b.End));
        }

        var boundary = ends[ends.Count / 2];
        var all = JournalFiles.Read(dir.Path).Commands;
        Assert.Throws<InvalidDataException>(() => JournalSuffix.CutAfter(dir.Path, Path.Combine(dir.Path, "snapshots"), boundary.Sequence - 1)); // inside a batch of five
        var cut = JournalSuffix.CutAfter(dir.Path, Path.Combine(dir.Path, "snapshots"), boundary.Sequence);

        Assert.NotEmpty(cut.KeptFiles);
        Assert.True(cut.Bytes > 0);
        Assert.All(cut.KeptFiles, f => Assert.StartsWith(Path.Combine(dir.Path, JournalSuffix.Folder), f, StringComparison.Ordinal));
        var kept = JournalFiles.Read(dir.Path);
        Assert.Null(kept.Torn);
        Assert.Equal(all.Take((int)boundary.Sequence).Select(c => c.Sequence), kept.Commands.Select(c => c.Sequence));
        Assert.Equal(boundary, JournalHistory.BoundaryAtOrBefore(dir.Path, long.MaxValue));
        using var writer = new JournalWriter(dir.Path); // a writer takes the cut journal up again
        Assert.Equal(boundary, writer.Chain);
    }
}
