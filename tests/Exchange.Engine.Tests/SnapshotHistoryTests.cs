using Exchange.Engine.Recovery;
using Exchange.Journal;
using Exchange.Journal.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Engine.Tests;

/// <summary>
/// A data folder is one history: a snapshot that its journal does not explain (beyond its end, over
/// a missing journal, from another history) stops startup, for the server's start-up path (which
/// replays from the first record) and for the tools' (snapshot + tail) alike.
/// </summary>
public abstract class SnapshotHistoryTests(PipelineTopology topology)
{
    private static EngineOptions WithSnapshots(EngineFolder folder) => folder.Options(snapshotEvery: 40, snapshotOnShutdown: true);

    private static void AssertRefused(EngineOptions options, string expected)
    {
        var fromTail = Assert.Throws<SnapshotMismatchException>(() => EngineRecovery.Recover(options, NullLogger.Instance, repairTornTail: false));
        Assert.Contains(expected, fromTail.Message, StringComparison.Ordinal);
        var fromStart = Assert.Throws<SnapshotMismatchException>(() => ExchangeEngine.Start(options with { RebuildSinksFromJournal = true }, NullLogger.Instance));
        Assert.Contains(expected, fromStart.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshots_over_a_deleted_journal_are_refused_instead_of_starting_a_new_history()
    {
        using var folder = new EngineFolder(topology);
        var options = WithSnapshots(folder);
        EngineFolder.RunOneAtATime(options, EngineFolder.SampleStream(1, 100));
        Assert.NotEmpty(new SnapshotStore(options.SnapshotDirectory).List());
        foreach (var segment in JournalDirectory.Segments(options.JournalDirectory))
        {
            File.Delete(segment);
        }

        AssertRefused(options, "the journal is empty");
    }

    [Fact]
    public void Snapshots_over_a_journal_cut_to_its_header_are_refused()
    {
        using var folder = new EngineFolder(topology);
        var options = WithSnapshots(folder) with { JournalSegmentBytes = 64L * 1024 * 1024 };
        EngineFolder.RunOneAtATime(options, EngineFolder.SampleStream(2, 100));
        var segment = Assert.Single(JournalDirectory.Segments(options.JournalDirectory));
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(64);
        }

        AssertRefused(options, "the journal is empty");
    }

    [Fact]
    public void A_snapshot_beyond_the_journals_end_is_refused()
    {
        using var folder = new EngineFolder(topology);
        var options = WithSnapshots(folder);
        EngineFolder.RunOneAtATime(options, EngineFolder.SampleStream(3, 150));
        var segments = JournalDirectory.Segments(options.JournalDirectory);
        Assert.True(segments.Count > 1);
        File.Delete(segments[^1]); // a whole segment of acknowledged commands gone

        AssertRefused(options, "beyond the journal's end");
    }

    [Fact]
    public void A_snapshot_from_another_history_is_refused_even_where_the_journal_is_long_enough()
    {
        using var other = new EngineFolder(topology);
        var otherOptions = WithSnapshots(other);
        EngineFolder.RunOneAtATime(otherOptions, EngineFolder.SampleStream(4, 100));
        var stale = new SnapshotStore(otherOptions.SnapshotDirectory).LoadAllValid()[^1];

        using var folder = new EngineFolder(topology);
        var options = folder.Options();
        EngineFolder.RunOneAtATime(options, EngineFolder.SampleStream(5, 300));
        Directory.CreateDirectory(options.SnapshotDirectory);
        File.Copy(stale.Path, Path.Combine(options.SnapshotDirectory, Path.GetFileName(stale.Path)));

        AssertRefused(options, "from another history");
    }

    [Fact]
    public void A_snapshot_of_this_history_is_used_and_agrees_with_a_replay_from_the_start()
    {
        using var folder = new EngineFolder(topology);
        var options = WithSnapshots(folder);
        var live = EngineFolder.RunOneAtATime(options, EngineFolder.SampleStream(6, 200));
        var fromSnapshot = EngineRecovery.Recover(options, NullLogger.Instance);
        var fromStart = EngineRecovery.Recover(options, NullLogger.Instance, snapshotAtOrBefore: 0);
        Assert.True(fromSnapshot.SnapshotSequence > 0);
        Assert.Equal(0, fromStart.SnapshotSequence);
        Assert.Equal(live.Hash, fromSnapshot.Engine.StateHash());
        Assert.Equal(live.Hash, fromStart.Engine.StateHash());
        Assert.Equal(fromStart.Chain, fromSnapshot.Chain);
    }
}

public sealed class SnapshotHistoryTestsCompact() : SnapshotHistoryTests(PipelineTopology.Compact);

public sealed class SnapshotHistoryTestsDedicated() : SnapshotHistoryTests(PipelineTopology.Dedicated);
