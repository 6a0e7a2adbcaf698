using Exchange.Journal.Format;
using Exchange.Journal.Reading;
using Exchange.Journal.Snapshots;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Tests;

/// <summary>A standby's history replaced by its primary's snapshot: nothing deleted, the chain goes on from the snapshot's value.</summary>
public sealed class JournalReplacementTests
{
    private static readonly ChainPoint Received = new(900, ChainValue.Next(default, [9, 9, 9]));

    /// <summary>A node's journal of a few commands, and a snapshot at 900 received from its primary (in <c>snapshots/incoming/</c>).</summary>
    private static (string Journal, string Snapshots, string Received) HistoryAndReceivedSnapshot(TempJournal data)
    {
        var journal = Path.Combine(data.Path, "journal");
        var snapshots = Path.Combine(data.Path, "snapshots");
        using (var writer = new JournalWriter(journal))
        {
            foreach (var command in SampleCommands.All())
            {
                writer.Append(command);
            }

            writer.Commit();
        }

        var received = Path.Combine(snapshots, "incoming", SnapshotStore.FileName(Received.Sequence));
        Directory.CreateDirectory(Path.GetDirectoryName(received)!);
        SnapshotStore.WriteFile(received, Received.Sequence, 9_000, 0x99, Received, [4, 5, 6]);
        return (journal, snapshots, received);
    }

    [Fact]
    public void The_old_history_moves_aside_whole_and_the_new_journal_starts_after_the_snapshot_with_its_chain_value()
    {
        using var data = new TempJournal();
        var (journal, snapshots, received) = HistoryAndReceivedSnapshot(data);
        new SnapshotStore(snapshots).Write(20, 2_000, 0x42, new ChainPoint(20, default), [1, 2, 3]);

        var aside = JournalReplacement.ReplaceWithSnapshot(journal, snapshots, received);

        Assert.Single(JournalDirectory.Segments(Path.Combine(aside, "journal")));
        Assert.True(File.Exists(Path.Combine(aside, "snapshots", SnapshotStore.FileName(20))));
        Assert.Equal([Path.Combine(snapshots, SnapshotStore.FileName(900))], new SnapshotStore(snapshots).List());
        var segment = Assert.Single(JournalDirectory.Segments(journal));
        Assert.Equal(901, JournalDirectory.FirstSequenceOf(segment));
        using var reader = SegmentReader.Open(segment);
        Assert.Equal(Received.Value, reader.Header.ChainBefore);
        using var appending = new JournalWriter(journal, new JournalWriterOptions { InitialChain = Received.Value, RecoveredEnd = Received });
        Assert.Equal(Received, appending.Chain);
    }

    [Fact]
    public void A_snapshot_that_fails_its_checks_is_refused_and_nothing_moves()
    {
        using var data = new TempJournal();
        var journal = Path.Combine(data.Path, "journal");
        var snapshots = Path.Combine(data.Path, "snapshots");
        Directory.CreateDirectory(journal);
        var received = Path.Combine(snapshots, "incoming", SnapshotStore.FileName(900));
        Directory.CreateDirectory(Path.GetDirectoryName(received)!);
        File.WriteAllBytes(received, new byte[200]);

        Assert.Throws<InvalidDataException>(() => JournalReplacement.ReplaceWithSnapshot(journal, snapshots, received));
        Assert.True(Directory.Exists(journal));
        Assert.True(File.Exists(received));
        Assert.False(Directory.Exists(Path.Combine(data.Path, JournalReplacement.Folder)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_switch_a_crash_interrupted_is_finished_at_the_next_start(int stepsDone)
    {
        using var data = new TempJournal();
        var (journal, snapshots, received) = HistoryAndReceivedSnapshot(data);

        var aside = JournalReplacement.ReplaceWithSnapshot(journal, snapshots, received, stopAfterSwitchStep: stepsDone);
        Assert.Equal([aside], JournalReplacement.ResumeInterrupted(journal, snapshots));
        Assert.Empty(JournalReplacement.ResumeInterrupted(journal, snapshots)); // done: nothing more to finish

        Assert.Single(JournalDirectory.Segments(Path.Combine(aside, "journal"))); // the old history, aside
        var segment = Assert.Single(JournalDirectory.Segments(journal));
        Assert.Equal(901, JournalDirectory.FirstSequenceOf(segment));
        Assert.Equal([Path.Combine(snapshots, SnapshotStore.FileName(900))], new SnapshotStore(snapshots).List());
    }
}
