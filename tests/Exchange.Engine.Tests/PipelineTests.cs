using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Journal.Reading;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Engine.Tests;

public abstract class PipelineTests(PipelineTopology topology)
{
    [Fact]
    public void In_sync_mode_no_event_is_released_before_its_command_is_journaled()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options(Durability.Sync);
        var violations = new List<string>();
        var sink = new CollectingSink
        {
            OnEach = e =>
            {
                if (e.Sequence % 7 != 0)
                {
                    return;
                }

                long lastOnDisk = 0;
                using (var cursor = new JournalCursor(options.JournalDirectory))
                {
                    while (cursor.MoveNext())
                    {
                        lastOnDisk = cursor.Header.Sequence;
                    }
                }

                if (lastOnDisk < e.Sequence)
                {
                    violations.Add($"event of command {e.Sequence} released with the journal at {lastOnDisk}");
                }
            },
        };

        var engine = ExchangeEngine.Start(options, NullLogger.Instance, sink);
        foreach (var command in EngineFolder.SampleStream(3, 60))
        {
            engine.Submit(command);
        }

        engine.Dispose();
        Assert.Empty(violations);
        Assert.True(sink.Count > 60);
    }

    [Fact]
    public void Sequence_and_timestamp_are_stamped_by_the_engine_in_order()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options();
        var stamped = EngineFolder.SampleStream(4, 30).Select(c => c with { Sequence = 999, Timestamp = -5 });
        var run = EngineFolder.Run(options, stamped);
        var journaled = folder.JournaledCommands();
        Assert.Equal(Enumerable.Range(1, journaled.Count).Select(i => (long)i), journaled.Select(c => c.Sequence));
        Assert.All(journaled.Zip(journaled.Skip(1)), pair => Assert.True(pair.Second.Timestamp >= pair.First.Timestamp));
        Assert.True(journaled[0].Timestamp > 1_600_000_000_000_000_000);
        Assert.All(run.Events, e => Assert.InRange(e.Sequence, 1, journaled.Count));
    }

    [Fact]
    public void Async_mode_processes_and_journals_everything_by_shutdown()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options(Durability.Async);
        var stream = EngineFolder.SampleStream(12, 100);
        var run = EngineFolder.Run(options, stream);
        Assert.Equal(stream.Length, run.LastSequence);
        Assert.Equal(stream.Length, folder.JournaledCommands().Count);
    }

    [Fact]
    public void Requested_snapshot_is_taken_at_the_next_journal_batch_boundary_and_recovery_uses_it()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options();
        var sink = new CollectingSink();
        var engine = ExchangeEngine.Start(options, NullLogger.Instance, sink);
        var stream = EngineFolder.SampleStream(13, 50);
        foreach (var command in stream.Take(30))
        {
            engine.Submit(command);
        }

        engine.RequestSnapshot();
        foreach (var command in stream.Skip(30))
        {
            engine.Submit(command);
        }

        engine.Dispose();
        var snapshots = new Journal.Snapshots.SnapshotStore(options.SnapshotDirectory).LoadAllValid();
        var snapshot = Assert.Single(snapshots);

        // Between two commands, no earlier than asked, and where a journal batch ends, so the chain
        // value that binds it to this journal is exact.
        Assert.InRange(snapshot.Header.LastSequence, 30, stream.Length);
        Assert.Equal(snapshot.Header.LastSequence, snapshot.Header.ChainSequence);
        var survey = Journal.Reading.JournalSurvey.Scan(options.JournalDirectory, [snapshot.Header.ChainSequence]);
        Assert.True(survey.TryGetChainAt(snapshot.Header.ChainSequence, out var chain));
        Assert.Equal(chain, snapshot.Header.Chain);

        var recovery = Recovery.EngineRecovery.Recover(options, NullLogger.Instance);
        Assert.Equal(snapshot.Header.LastSequence, recovery.SnapshotSequence);
        Assert.Equal(engine.StoppedState.StateHash(), recovery.Engine.StateHash());
    }

    [Fact]
    public void Events_reach_every_subscriber_in_order()
    {
        using var folder = new EngineFolder(topology);
        var first = new CollectingSink();
        var second = new CollectingSink();
        var engine = ExchangeEngine.Start(folder.Options(), NullLogger.Instance, first, second);
        foreach (var command in EngineFolder.SampleStream(14, 40))
        {
            engine.Submit(command);
        }

        engine.Dispose();
        Assert.Equal(first.Events, second.Events);
        Assert.Equal(first.Events.Select(e => e.Sequence).Order(), first.Events.Select(e => e.Sequence));
        Assert.False(engine.Submit(Command.AddAccount(77)));
    }

    [Fact]
    public void A_failing_subscriber_is_logged_and_does_not_stop_the_engine()
    {
        using var folder = new EngineFolder(topology);
        var good = new CollectingSink();
        var bad = new CollectingSink { OnEach = e => { if (e.Type == EventType.TradeExecuted) { throw new InvalidOperationException("subscriber bug"); } } };
        var engine = ExchangeEngine.Start(folder.Options(), NullLogger.Instance, bad, good);
        var stream = EngineFolder.SampleStream(15, 80);
        foreach (var command in stream)
        {
            engine.Submit(command);
        }

        engine.Dispose();
        Assert.Null(engine.Fault);
        Assert.Equal(stream.Length, engine.ProcessedSequence);
    }
}

public sealed class PipelineTestsCompact() : PipelineTests(PipelineTopology.Compact);

public sealed class PipelineTestsDedicated() : PipelineTests(PipelineTopology.Dedicated);

public abstract class SnapshotPolicyTests(PipelineTopology topology)
{
    [Fact]
    public void Snapshots_are_taken_on_the_configured_interval()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options() with { SnapshotInterval = TimeSpan.FromMilliseconds(20) };
        var engine = ExchangeEngine.Start(options, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var stream = EngineFolder.SampleStream(16, 300);
        for (var i = 0; i < stream.Length; i++)
        {
            engine.Submit(stream[i]);
            if (i % 30 == 0)
            {
                Thread.Sleep(25);
            }
        }

        engine.Dispose();
        var snapshots = new Journal.Snapshots.SnapshotStore(options.SnapshotDirectory).List();
        Assert.True(snapshots.Count >= 2, $"{snapshots.Count} snapshots");
    }
}

public sealed class SnapshotPolicyTestsCompact() : SnapshotPolicyTests(PipelineTopology.Compact);

public sealed class SnapshotPolicyTestsDedicated() : SnapshotPolicyTests(PipelineTopology.Dedicated);

public abstract class FailStopTests(PipelineTopology topology)
{
    [Fact]
    public void An_exception_in_the_business_logic_halts_the_pipeline_and_restart_recovers()
    {
        using var folder = new EngineFolder(topology);
        var stream = EngineFolder.SampleStream(17, 80);
        var faulty = folder.Options() with { InjectFault = c => c.Sequence == 50 };
        var sink = new CollectingSink();
        var engine = ExchangeEngine.Start(faulty, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, sink);
        foreach (var command in stream)
        {
            engine.Submit(command);
        }

        Assert.True(SpinWait.SpinUntil(() => engine.Fault is not null, 10_000));
        Assert.IsType<InvalidOperationException>(engine.Fault);
        Assert.Equal(49, engine.ProcessedSequence);
        Assert.False(engine.Submit(stream[0]));
        engine.Dispose();
        Assert.DoesNotContain(sink.Events, e => e.Sequence >= 50);

        // The journal holds the failing command and what followed it; a fixed build replays it all.
        var restarted = EngineFolder.Run(folder.Options(), []);
        Assert.True(restarted.LastSequence >= 50);
        Assert.Equal(restarted.LastSequence, folder.JournaledCommands().Count);
    }

    [Fact]
    public void A_command_too_large_to_journal_is_refused_at_submit()
    {
        using var folder = new EngineFolder(topology);
        var engine = ExchangeEngine.Start(folder.Options(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var spec = Exchange.Testing.Specs.Plain(9) with { Symbol = new string('X', 70_000) };
        Assert.Throws<ArgumentException>(() => engine.Submit(Core.Commands.Command.AddInstrument(spec)));
        Assert.True(engine.Submit(Core.Commands.Command.AddAccount(1)));
        engine.Dispose();
        Assert.Null(engine.Fault);
    }
}

public sealed class FailStopTestsCompact() : FailStopTests(PipelineTopology.Compact);

public sealed class FailStopTestsDedicated() : FailStopTests(PipelineTopology.Dedicated);
