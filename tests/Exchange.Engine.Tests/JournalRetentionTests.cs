using Exchange.Engine.Recovery;
using Exchange.Journal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Engine.Tests;

/// <summary>
/// With <see cref="EngineOptions.ArchiveJournal"/>, segments older than the oldest kept snapshot move to
/// the archive after each snapshot; restarts still recover the same state, and a replay from the first
/// command (no snapshots) still reaches every command through the archive.
/// </summary>
public abstract class JournalRetentionTests(PipelineTopology topology)
{
    [Fact]
    public void Segments_before_the_oldest_kept_snapshot_are_archived_and_recovery_and_full_replay_still_agree()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options(Durability.Async, snapshotEvery: 100) with { ArchiveJournal = true, SnapshotsToKeep = 2, JournalSegmentBytes = 4 * 1024 };
        var commands = EngineFolder.SampleStream(5, 1_500);
        var (_, hash, last) = EngineFolder.RunOneAtATime(options, commands);

        var archived = Directory.Exists(JournalDirectory.ArchiveDirectory(options.JournalDirectory))
            ? Directory.GetFiles(JournalDirectory.ArchiveDirectory(options.JournalDirectory), "*" + JournalDirectory.ArchivedExtension)
            : [];
        Assert.NotEmpty(archived);
        var oldestSnapshot = new Journal.Snapshots.SnapshotStore(options.SnapshotDirectory).List()[^1];
        var oldest = Journal.Snapshots.SnapshotStore.SequenceOf(oldestSnapshot);
        var live = JournalDirectory.Segments(options.JournalDirectory);
        Assert.True(JournalDirectory.FirstSequenceOf(live[0]) <= oldest + 1, "a segment the oldest snapshot still needs was archived");

        var restarted = EngineRecovery.Recover(options, NullLogger.Instance);
        Assert.Equal((last, hash), (restarted.LastSequence, restarted.Engine.StateHash()));

        var fromFirst = EngineRecovery.Recover(options with { SnapshotDirectory = Path.Combine(folder.Path, "no-snapshots") }, NullLogger.Instance);
        Assert.Equal(last, fromFirst.ReplayedCommands); // every command, the archived ones included
        Assert.Equal(hash, fromFirst.Engine.StateHash());
    }
}

public sealed class JournalRetentionTestsCompact() : JournalRetentionTests(PipelineTopology.Compact);

public sealed class JournalRetentionTestsDedicated() : JournalRetentionTests(PipelineTopology.Dedicated);
