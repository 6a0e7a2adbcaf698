using System.Collections.Concurrent;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Journal.Reading;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Engine.Tests;

/// <summary>Collects events on the publisher thread; read them after the engine is disposed.</summary>
public sealed class CollectingSink : IEventSink
{
    private readonly ConcurrentQueue<Event> _events = new();

    public Action<Event>? OnEach { get; init; }

    public List<Event> Events => [.. _events];

    public int Count => _events.Count;

    public void OnEvent(in Event e, bool endOfBatch)
    {
        OnEach?.Invoke(e);
        _events.Enqueue(e);
    }
}

/// <summary>
/// A data folder under temp, deleted afterwards, and helpers to run and read an engine there. Its
/// <see cref="Options"/> run the pipeline in the folder's topology: every engine test class runs twice,
/// once per topology (a Compact and a Dedicated subclass).
/// </summary>
public sealed class EngineFolder(PipelineTopology topology) : IDisposable
{
    public PipelineTopology Topology => topology;

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "exchange-engine-tests", Guid.NewGuid().ToString("N"));

    public EngineOptions Options(Durability durability = Durability.Sync, long snapshotEvery = 0, bool snapshotOnShutdown = false) => new()
    {
        DataDirectory = Path,
        Topology = topology,
        Durability = durability,
        SnapshotEveryCommands = snapshotEvery,
        SnapshotOnShutdown = snapshotOnShutdown,
        InputRingSize = 256,
        OutputRingSize = 1024,
        JournalSegmentBytes = 16 * 1024,
    };

    /// <summary>Starts an engine, submits the commands, stops it; returns its events and the final state hash.</summary>
    public static (List<Event> Events, ulong Hash, long LastSequence) Run(EngineOptions options, IEnumerable<Command> commands)
    {
        var sink = new CollectingSink();
        var engine = ExchangeEngine.Start(options, NullLogger.Instance, sink);
        foreach (var command in commands)
        {
            Assert.True(engine.Submit(command));
        }

        engine.Dispose();
        Assert.Null(engine.Fault);
        return (sink.Events, engine.StoppedState.StateHash(), engine.StoppedState.LastSequence);
    }

    /// <summary>
    /// Like <see cref="Run"/>, but waits for each command to be processed before sending the next, so
    /// every command is its own journal batch (and every snapshot policy point is a batch boundary).
    /// </summary>
    public static (List<Event> Events, ulong Hash, long LastSequence) RunOneAtATime(EngineOptions options, IEnumerable<Command> commands)
    {
        var sink = new CollectingSink();
        var engine = ExchangeEngine.Start(options, NullLogger.Instance, sink);
        var expected = engine.ProcessedSequence;
        foreach (var command in commands)
        {
            Assert.True(engine.Submit(command));
            expected++;
            Assert.True(SpinWait.SpinUntil(() => engine.ProcessedSequence >= expected, TimeSpan.FromSeconds(60)));
        }

        engine.Dispose();
        Assert.Null(engine.Fault);
        return (sink.Events, engine.StoppedState.StateHash(), engine.StoppedState.LastSequence);
    }

    /// <summary>The commands in the journal, as journaled (with their sequence and timestamp).</summary>
    public List<Command> JournaledCommands()
    {
        var commands = new List<Command>();
        using var cursor = new JournalCursor(System.IO.Path.Combine(Path, "journal"));
        while (cursor.MoveNext())
        {
            commands.Add(cursor.ReadCommand());
        }

        return commands;
    }

    public static Command[] SampleStream(int seed, int length = 120)
    {
        return [.. RandomCommands.Setup(), .. RandomCommands.FromSeed(seed, length)];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
