using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Engine.Recovery;
using Exchange.Journal.Reading;
using Exchange.Journal.Snapshots;
using Exchange.Journal.Writing;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Engine.Tests;

/// <summary>
/// The fail-stop contract (docs/engine.md): a journal that cannot write or sync stops the engine
/// before anything not on disk is processed; submitters are refused rather than left spinning;
/// shutdown never throws; a restart keeps everything that was released.
/// </summary>
public abstract class JournalFaultTests(PipelineTopology topology)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static TheoryData<string, Durability> Faults => new()
    {
        { "write", Durability.Sync },
        { "fsync", Durability.Sync },
        { "write", Durability.Async },
        { "fsync", Durability.Async },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_journal_fault_stops_the_engine_before_anything_not_on_disk_is_released(string fault, Durability durability)
    {
        using var folder = new EngineFolder(topology);
        var disk = fault == "write" ? new FailingDisk { WritesBeforeFailure = 12 } : new FailingDisk { FlushesBeforeFailure = 12 };
        var options = folder.Options(durability, snapshotOnShutdown: true) with { JournalIo = disk, AsyncSyncInterval = TimeSpan.FromMilliseconds(1) };
        var sink = new CollectingSink();
        var engine = ExchangeEngine.Start(options, NullLogger.Instance, sink);
        var stream = EngineFolder.SampleStream(21, 400);
        long durableWhenReleased = 0;
        var releasedBeyondDurable = 0;
        var submitted = 0;
        foreach (var command in stream)
        {
            if (!engine.Submit(command))
            {
                break;
            }

            submitted++;
            await Task.Yield();
            if (submitted % 4 == 0)
            {
                // Small batches, so that some are durable before the disk fails.
                SpinWait.SpinUntil(() => engine.Fault is not null || engine.ProcessedSequence >= submitted, Patience);
            }
        }

        // On a loaded machine the stream may go out in so few batches that the disk has not yet reached
        // its failing flush: keep the journal busy (one tick at a time) until it does.
        var keepBusyUntil = DateTime.UtcNow + Patience;
        while (engine.Fault is null && DateTime.UtcNow < keepBusyUntil && engine.Submit(Command.TimeTick()))
        {
            await Task.Delay(2);
        }

        var cause = await engine.Failed.WaitAsync(Patience);
        Assert.Same(cause, engine.Fault);
        Assert.Contains("injected", cause.ToString(), StringComparison.Ordinal);
        Assert.False(engine.Submit(Command.TimeTick()));

        // In sync mode nothing may pass the business logic beyond the last fsynced sequence.
        var processed = engine.ProcessedSequence;
        durableWhenReleased = engine.DurableSequence;
        if (durability == Durability.Sync)
        {
            Assert.True(processed <= durableWhenReleased, $"processed {processed}, durable {durableWhenReleased}");
            foreach (var e in sink.Events)
            {
                releasedBeyondDurable += e.Sequence > durableWhenReleased ? 1 : 0;
            }

            Assert.Equal(0, releasedBeyondDurable);
        }

        engine.Dispose(); // must not throw, must not snapshot a state the journal may not hold
        Assert.Empty(new SnapshotStore(options.SnapshotDirectory).List());

        // Restart on a healthy disk: every command whose effects were released is recovered.
        var recovery = EngineRecovery.Recover(folder.Options(durability), NullLogger.Instance);
        var maxReleased = sink.Events.Count == 0 ? 0 : sink.Events.Max(e => e.Sequence);
        Assert.True(recovery.LastSequence >= maxReleased, $"recovered {recovery.LastSequence}, released up to {maxReleased}");
        Assert.True(recovery.LastSequence >= 1);
    }

    [Fact]
    public async Task Producers_blocked_on_a_full_ring_are_released_when_the_engine_fails()
    {
        using var folder = new EngineFolder(topology);
        var disk = new FailingDisk { FlushesBeforeFailure = 3 };
        var engine = ExchangeEngine.Start(folder.Options() with { JournalIo = disk, InputRingSize = 64 }, NullLogger.Instance);
        var stream = EngineFolder.SampleStream(3, 2_000);

        // Four producers push far more than the ring holds; once the journal fails nothing drains the
        // ring, and each must come back with "not accepted" instead of spinning forever.
        var producers = Enumerable.Range(0, 4).Select(p => Task.Run(() =>
        {
            var refused = 0;
            for (var i = p; i < stream.Length; i += 4)
            {
                refused += engine.Submit(stream[i]) ? 0 : 1;
            }

            return refused;
        })).ToArray();

        await engine.Failed.WaitAsync(Patience);
        var refusals = await Task.WhenAll(producers).WaitAsync(Patience);
        Assert.True(refusals.Sum() > 0);
        engine.Dispose();
    }

    [Fact]
    public void A_full_disk_while_draining_at_shutdown_is_a_clean_fail_stop_not_a_crash()
    {
        using var folder = new EngineFolder(topology);
        var disk = new FailingDisk();
        var options = folder.Options(snapshotOnShutdown: true) with { JournalIo = disk };
        var first = EngineFolder.SampleStream(4, 50);
        var engine = ExchangeEngine.Start(options, NullLogger.Instance);
        foreach (var command in first)
        {
            engine.Submit(command);
        }

        Assert.True(SpinWait.SpinUntil(() => engine.ProcessedSequence == first.Length, Patience));
        disk.FillNow(); // the disk fills while the last commands drain
        foreach (var command in EngineFolder.SampleStream(5, 100).Skip(first.Length))
        {
            engine.Submit(command);
        }

        engine.Dispose(); // before the fix: an IOException escaped the journaller's shutdown and aborted the process
        Assert.IsType<JournalWriteFailedException>(engine.Fault);
        Assert.Equal(first.Length, engine.StoppedState.LastSequence);
        Assert.Empty(new SnapshotStore(options.SnapshotDirectory).List());

        var recovery = EngineRecovery.Recover(folder.Options(), NullLogger.Instance);
        Assert.Equal(first.Length, recovery.LastSequence);
    }

    [Fact]
    public void A_failing_subscriber_loses_only_its_own_events()
    {
        using var reference = new EngineFolder(topology);
        var expected = EngineFolder.Run(reference.Options(), EngineFolder.SampleStream(8, 300));

        using var folder = new EngineFolder(topology);
        var calls = 0;
        var failing = new CollectingSink { OnEach = _ => { if (++calls % 3 == 0) throw new InvalidOperationException("subscriber bug"); } };
        var healthy = new CollectingSink();
        var engine = ExchangeEngine.Start(folder.Options(), NullLogger.Instance, failing, healthy);
        foreach (var command in EngineFolder.SampleStream(8, 300))
        {
            Assert.True(engine.Submit(command));
        }

        engine.Dispose();
        Assert.Null(engine.Fault);
        Assert.Equal(expected.Events, healthy.Events, EventsEqualIgnoringTime.Instance);
        Assert.True(calls > 3);
    }

    /// <summary>Events of two runs of the same commands: equal but for the timestamps the sequencer stamped.</summary>
    private sealed class EventsEqualIgnoringTime : IEqualityComparer<Event>
    {
        public static readonly EventsEqualIgnoringTime Instance = new();

        public bool Equals(Event x, Event y) => (x with { Timestamp = 0 }).Equals(y with { Timestamp = 0 });

        public int GetHashCode(Event obj) => (obj with { Timestamp = 0 }).GetHashCode();
    }
}

public sealed class JournalFaultTestsCompact() : JournalFaultTests(PipelineTopology.Compact);

public sealed class JournalFaultTestsDedicated() : JournalFaultTests(PipelineTopology.Dedicated);
