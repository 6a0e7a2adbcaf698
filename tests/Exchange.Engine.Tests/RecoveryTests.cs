using Exchange.Core.Events;
using Exchange.Engine.Recovery;
using Exchange.Journal;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Engine.Tests;

public abstract class RecoveryTests(PipelineTopology topology)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Replay_from_zero_gives_the_same_events_and_state_hash(int seed)
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options();
        var live = EngineFolder.Run(options, EngineFolder.SampleStream(seed));

        var replayed = new List<Event>();
        var recovery = EngineRecovery.Recover(options, NullLogger.Instance, replayed.Add);
        Assert.Equal(0, recovery.SnapshotSequence);
        Assert.Equal(live.LastSequence, recovery.ReplayedCommands);
        Assert.Equal(live.Hash, recovery.Engine.StateHash());
        Assert.Equal(live.Events, replayed);
        Assert.Contains(live.Events, e => e.Type == EventType.TradeExecuted);
    }

    [Fact]
    public void Compressed_journal_replays_to_the_same_events_and_state()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options() with { JournalCompression = true };
        var live = EngineFolder.Run(options, EngineFolder.SampleStream(21, 150));
        var replayed = new List<Event>();
        var recovery = EngineRecovery.Recover(options, NullLogger.Instance, replayed.Add);
        Assert.Equal(live.Hash, recovery.Engine.StateHash());
        Assert.Equal(live.Events, replayed);
        using var reader = Journal.Reading.SegmentReader.Open(JournalDirectory.Segments(options.JournalDirectory)[0]);
        Assert.True(reader.IsCompressed);
    }

    [Fact]
    public void Snapshot_plus_tail_gives_the_same_state_and_tail_events()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options(snapshotEvery: 40);
        var live = EngineFolder.Run(options, EngineFolder.SampleStream(7, 200));

        var replayed = new List<Event>();
        var recovery = EngineRecovery.Recover(options, NullLogger.Instance, replayed.Add);
        Assert.True(recovery.SnapshotSequence >= 40, $"snapshot at {recovery.SnapshotSequence}");
        Assert.Equal(live.Hash, recovery.Engine.StateHash());
        Assert.Equal(live.Events.Where(e => e.Sequence > recovery.SnapshotSequence), replayed);
    }

    [Fact]
    public void Restart_continues_from_the_state_the_last_run_left()
    {
        using var folder = new EngineFolder(topology);
        var stream = EngineFolder.SampleStream(11, 200);
        var options = folder.Options(snapshotOnShutdown: true);
        EngineFolder.Run(options, stream.Take(100));
        var second = EngineFolder.Run(options, stream.Skip(100));
        Assert.Equal(stream.Length, second.LastSequence);

        // The same journaled commands applied in one go, in memory, reach the same state.
        var reference = new TestExchange();
        var journaled = folder.JournaledCommands();
        foreach (var command in journaled)
        {
            reference.Engine.Process(command, new Core.Events.EventBuffer());
        }

        Assert.Equal(reference.Engine.StateHash(), second.Hash);
        Assert.Equal(Enumerable.Range(1, stream.Length).Select(i => (long)i), journaled.Select(c => c.Sequence));
    }

    [Fact]
    public void Torn_journal_tail_is_cut_whole_batch_and_every_committed_command_recovered()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options();
        var live = EngineFolder.RunOneAtATime(options, EngineFolder.SampleStream(5));
        var journaled = folder.JournaledCommands();
        var last = JournalDirectory.Segments(options.JournalDirectory)[^1];
        using (var file = new FileStream(last, FileMode.Open))
        {
            file.SetLength(file.Length - 10);
        }

        // The last batch lost its seal: it was never committed, so none of it was ever processed.
        var committed = Journal.Reading.JournalSurvey.Scan(options.JournalDirectory).LastSequence;
        Assert.Equal(live.LastSequence - 1, committed);
        var recovery = EngineRecovery.Recover(options, NullLogger.Instance);
        Assert.NotNull(recovery.CutTail);
        Assert.Equal(committed, recovery.LastSequence);
        Assert.True(File.Exists(JournalRepair.KeptPath(options.JournalDirectory, recovery.CutTail)));

        var reference = new TestExchange();
        foreach (var command in journaled.Take((int)committed))
        {
            reference.Engine.Process(command, new Core.Events.EventBuffer());
        }

        Assert.Equal(reference.Engine.StateHash(), recovery.Engine.StateHash());

        // And the engine starts again on the repaired journal and keeps sequencing from there.
        var next = EngineFolder.Run(options, EngineFolder.SampleStream(6, 10).Skip(RandomCommands.Setup().Count()));
        Assert.Equal(committed + 10, next.LastSequence);
    }

    [Fact]
    public void A_corrupt_byte_in_the_middle_stops_startup_naming_segment_offset_and_sequence()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options();
        EngineFolder.Run(options, EngineFolder.SampleStream(8));
        var first = JournalDirectory.Segments(options.JournalDirectory)[0];
        var bytes = File.ReadAllBytes(first);
        bytes[200] ^= 0x40;
        File.WriteAllBytes(first, bytes);

        var error = Assert.Throws<JournalCorruptException>(() => ExchangeEngine.Start(options, NullLogger.Instance));
        Assert.Equal(first, error.Segment);
        Assert.NotNull(error.Sequence);
        Assert.Contains(first, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_newest_snapshot_falls_back_to_the_previous_one()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options(snapshotEvery: 30);
        var live = EngineFolder.RunOneAtATime(options, EngineFolder.SampleStream(9, 150));
        var snapshots = new Journal.Snapshots.SnapshotStore(options.SnapshotDirectory).List();
        Assert.True(snapshots.Count >= 2);
        var bytes = File.ReadAllBytes(snapshots[0]);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(snapshots[0], bytes);

        var recovery = EngineRecovery.Recover(options, NullLogger.Instance);
        Assert.Single(recovery.SkippedSnapshots);
        Assert.Equal(live.Hash, recovery.Engine.StateHash());
    }

    [Fact]
    public void Snapshots_older_than_the_one_loaded_are_not_read()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options(snapshotEvery: 30);
        var live = EngineFolder.RunOneAtATime(options, EngineFolder.SampleStream(9, 150));
        var snapshots = new Journal.Snapshots.SnapshotStore(options.SnapshotDirectory).List();
        Assert.True(snapshots.Count >= 2);
        File.WriteAllBytes(snapshots[^1], [1, 2, 3]); // the oldest: a start-up from the newest never needs it

        var recovery = EngineRecovery.Recover(options, NullLogger.Instance);
        Assert.Empty(recovery.SkippedSnapshots); // not read, so not found damaged either (journal-tools verify checks every one)
        Assert.Equal(Journal.Snapshots.SnapshotStore.SequenceOf(snapshots[0]), recovery.SnapshotSequence);
        Assert.Equal(live.Hash, recovery.Engine.StateHash());
    }
}

public sealed class RecoveryTestsCompact() : RecoveryTests(PipelineTopology.Compact);

public sealed class RecoveryTestsDedicated() : RecoveryTests(PipelineTopology.Dedicated);
