using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Engine.Tests;

/// <summary>What differs between the topologies, and what must not.</summary>
public sealed class TopologyTests
{
    [Theory]
    [InlineData(1, PipelineTopology.Compact)]
    [InlineData(2, PipelineTopology.Compact)]
    [InlineData(3, PipelineTopology.Compact)]
    [InlineData(4, PipelineTopology.Dedicated)]
    [InlineData(64, PipelineTopology.Dedicated)]
    public void Auto_is_compact_below_four_cores(int cores, PipelineTopology expected)
    {
        Assert.Equal(expected, PipelineTopologies.Resolve(PipelineTopology.Auto, cores));
        Assert.Equal(PipelineTopology.Dedicated, PipelineTopologies.Resolve(PipelineTopology.Dedicated, 1));
        Assert.Equal(PipelineTopology.Compact, PipelineTopologies.Resolve(PipelineTopology.Compact, 64));
    }

    [Theory]
    [InlineData(Durability.Sync)]
    [InlineData(Durability.Async)]
    public void Both_topologies_journal_the_same_commands_and_derive_the_same_events_and_state(Durability durability)
    {
        var stream = EngineFolder.SampleStream(23, 400);
        (List<Event> Events, ulong Hash, long Last, List<Command> Journal) RunIn(PipelineTopology topology)
        {
            using var folder = new EngineFolder(topology);
            var options = folder.Options(durability, snapshotEvery: 50) with { Clock = new SteppingClock() };
            var (events, hash, last) = EngineFolder.Run(options, stream);
            return (events, hash, last, folder.JournaledCommands());
        }

        var compact = RunIn(PipelineTopology.Compact);
        var dedicated = RunIn(PipelineTopology.Dedicated);
        Assert.Equal(stream.Length, compact.Last);
        Assert.Equal(dedicated.Journal, compact.Journal);
        Assert.Equal(dedicated.Events, compact.Events);
        Assert.Equal(dedicated.Hash, compact.Hash);
    }

    [Theory]
    [InlineData(PipelineTopology.Compact, PipelineWait.Yielding)]
    [InlineData(PipelineTopology.Compact, PipelineWait.Spinning)]
    [InlineData(PipelineTopology.Dedicated, PipelineWait.Yielding)]
    [InlineData(PipelineTopology.Dedicated, PipelineWait.Spinning)]
    public void Every_wait_strategy_gives_the_events_of_the_default_one(PipelineTopology topology, PipelineWait wait)
    {
        var stream = EngineFolder.SampleStream(29, 200);
        (List<Event> Events, ulong Hash) RunWith(PipelineWait how)
        {
            using var folder = new EngineFolder(topology);
            var (events, hash, _) = EngineFolder.Run(folder.Options() with { Clock = new SteppingClock(), Wait = how }, stream);
            return (events, hash);
        }

        var blocking = RunWith(PipelineWait.Blocking);
        var other = RunWith(wait);
        Assert.Equal(blocking.Events, other.Events);
        Assert.Equal(blocking.Hash, other.Hash);
    }

    [Fact]
    public void The_engine_reports_the_topology_it_runs()
    {
        foreach (var topology in new[] { PipelineTopology.Compact, PipelineTopology.Dedicated })
        {
            using var folder = new EngineFolder(topology);
            using var engine = ExchangeEngine.Start(folder.Options(), NullLogger.Instance);
            Assert.Equal(topology, engine.Topology);
        }

        using var auto = new EngineFolder(PipelineTopology.Auto);
        using var chosen = ExchangeEngine.Start(auto.Options(), NullLogger.Instance);
        Assert.Equal(PipelineTopologies.Resolve(PipelineTopology.Auto, Environment.ProcessorCount), chosen.Topology);
    }

    [Fact]
    public async Task Compact_ends_each_batch_at_the_subscribers_even_when_its_last_command_has_no_events()
    {
        using var folder = new EngineFolder(PipelineTopology.Compact);
        using var release = new ManualResetEventSlim();
        var sink = new FlagSink(holdAt: 76, release);
        using var engine = ExchangeEngine.Start(folder.Options(), NullLogger.Instance, sink);
        foreach (var command in RandomCommands.Setup())
        {
            Assert.True(engine.Submit(command));
        }

        Assert.True(engine.Submit(Command.PlaceLimit(1, 2, 76, Core.Orders.Side.Buy, 100, 1))); // its event holds the pipeline thread
        Assert.True(SpinWait.SpinUntil(() => sink.Held, TimeSpan.FromSeconds(60)));

        // One batch behind the held thread: an order, then a query, which has no events. The order's
        // event must still reach the subscribers as the batch's last, not wait for a next command.
        Assert.True(engine.Submit(Command.PlaceLimit(1, 2, 77, Core.Orders.Side.Buy, 100, 1)));
        var answered = engine.QueryAsync(e => e.LastSequence);
        release.Set();
        await answered.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(SpinWait.SpinUntil(() => sink.LastClientOrderId == 77 && sink.LastWasEndOfBatch, TimeSpan.FromSeconds(60)),
            $"last event: client order id {sink.LastClientOrderId}, end of batch {sink.LastWasEndOfBatch}");
    }

    [Fact]
    public void Compact_commits_a_long_backlog_in_batches_of_at_most_the_limit()
    {
        using var folder = new EngineFolder(PipelineTopology.Compact);
        using var release = new ManualResetEventSlim();
        var sink = new CollectingSink { OnEach = e => release.Wait(TimeSpan.FromSeconds(60)) }; // holds the pipeline thread at the first event
        var options = folder.Options() with { CompactBatchLimit = 4, InputRingSize = 1024 };
        var engine = ExchangeEngine.Start(options, NullLogger.Instance, sink);
        Assert.True(engine.Submit(Command.AddAccount(1)));
        Assert.True(SpinWait.SpinUntil(() => engine.Journal.Commits == 1, TimeSpan.FromSeconds(60)));
        for (var i = 2; i <= 101; i++)
        {
            Assert.True(engine.Submit(Command.AddAccount(i))); // a backlog of 100 behind the held thread
        }

        release.Set();
        engine.Dispose();
        Assert.Null(engine.Fault);
        Assert.Equal(101, engine.Journal.Records);
        Assert.True(engine.Journal.Commits >= 1 + 100 / 4, $"{engine.Journal.Commits} commits for a backlog of 100 with a limit of 4");
        Assert.Equal(101, sink.Count);
    }

    /// <summary>Remembers the last event and its end-of-batch flag; holds the publishing thread at one client order id's event until released.</summary>
    private sealed class FlagSink(long holdAt, ManualResetEventSlim release) : IEventSink
    {
        private long _lastClientOrderId;
        private int _lastEnd;
        private int _held;

        public long LastClientOrderId => Volatile.Read(ref _lastClientOrderId);

        public bool LastWasEndOfBatch => Volatile.Read(ref _lastEnd) == 1;

        public bool Held => Volatile.Read(ref _held) == 1;

        public void OnEvent(in Event e, bool endOfBatch)
        {
            Volatile.Write(ref _lastEnd, endOfBatch ? 1 : 0);
            Volatile.Write(ref _lastClientOrderId, e.ClientOrderId);
            if (e.ClientOrderId == holdAt && Interlocked.Exchange(ref _held, 1) == 0)
            {
                release.Wait(TimeSpan.FromSeconds(60));
            }
        }
    }
}
