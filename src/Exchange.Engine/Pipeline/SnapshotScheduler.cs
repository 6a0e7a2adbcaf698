using System.Collections.Concurrent;
using Exchange.Core.Matching;
using Exchange.Journal.Format;
using Exchange.Journal.Snapshots;
using Microsoft.Extensions.Logging;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// Takes the state bytes from the business logic thread (the only moment the state is
/// consistent) and writes the file on its own thread, so the business logic is held up only for
/// the serialization, not for the disk. With read models to save, each snapshot waits for their
/// state at the same sequence, which the publisher hands over when it reaches the snapshot's marker.
/// </summary>
internal sealed class SnapshotScheduler : IDisposable
{
    private static readonly TimeSpan SinkWait = TimeSpan.FromSeconds(60);
    private readonly SnapshotStore _store;
    private readonly ILogger _logger;
    private readonly bool _withSinks;
    private readonly BlockingCollection<(long Sequence, long Timestamp, ChainPoint Chain, JournalPosition Position, byte[] State)> _pending = new(4);
    private readonly BlockingCollection<(long Sequence, List<KeyValuePair<string, byte[]>>? Sections)> _sinkParts = [];
    private readonly Thread _writer;

    private readonly Action? _afterWrite;

    /// <param name="store">Where snapshots go.</param>
    /// <param name="logger">Receives a line per snapshot written or failed.</param>
    /// <param name="withSinks">Wait for the read models' state of each snapshot and write it beside it.</param>
    /// <param name="afterWrite">Run on the writer thread after each snapshot (journal retention).</param>
    public SnapshotScheduler(SnapshotStore store, ILogger logger, bool withSinks, Action? afterWrite = null)
    {
        _store = store;
        _logger = logger;
        _withSinks = withSinks;
        _afterWrite = afterWrite;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "snapshot-writer" };
        _writer.Start();
    }

    public long LastWrittenSequence { get; private set; }

    /// <summary>
    /// Serializes the state on the calling (business logic) thread; hashing and writing happen on the
    /// writer thread. <paramref name="chain"/> is the journal's chain value at the engine's sequence:
    /// snapshots are taken only at batch boundaries, where it is known.
    /// </summary>
    /// <returns>The bytes of the serialized state.</returns>
    public int Capture(MatchingEngine engine, ChainPoint chain, JournalPosition position)
    {
        var state = engine.SaveState();
        _pending.Add((engine.LastSequence, engine.LastTimestamp, chain, position, state));
        return state.Length;
    }

    /// <summary>The read models' state at a snapshot's sequence (publisher thread); null when one failed to save.</summary>
    public void CaptureSinks(long sequence, List<KeyValuePair<string, byte[]>>? sections)
    {
        if (!_sinkParts.IsAddingCompleted)
        {
            _sinkParts.Add((sequence, sections));
        }
    }

    /// <summary>Writes a snapshot now on the calling thread (shutdown, once the pipeline has stopped), then stops.</summary>
    public void WriteNowAndDispose(MatchingEngine engine, ChainPoint chain, JournalPosition position, List<KeyValuePair<string, byte[]>>? sinks)
    {
        Dispose();
        Write(engine.LastSequence, engine.LastTimestamp, chain, position, engine.SaveState(), sinks);
    }

    public void Dispose()
    {
        _pending.CompleteAdding();
        _sinkParts.CompleteAdding(); // what the publisher has handed over is still taken
        _writer.Join();
        _pending.Dispose();
        _sinkParts.Dispose();
    }

    private void WriteLoop()
    {
        foreach (var (sequence, timestamp, chain, position, state) in _pending.GetConsumingEnumerable())
        {
            try
            {
                Write(sequence, timestamp, chain, position, state, _withSinks ? SinksAt(sequence) : null);
            }
            catch (IOException ex)
            {
                EngineLog.SnapshotFailed(_logger, ex, sequence);
            }
        }
    }

    /// <summary>The read models' state the publisher handed over for <paramref name="sequence"/> (markers arrive in snapshot order).</summary>
    private List<KeyValuePair<string, byte[]>>? SinksAt(long sequence)
    {
        while (_sinkParts.TryTake(out var part, SinkWait))
        {
            if (part.Sequence == sequence)
            {
                return part.Sections;
            }
        }

        return null;
    }

    private void Write(long sequence, long timestamp, ChainPoint chain, JournalPosition position, byte[] state, List<KeyValuePair<string, byte[]>>? sinks)
    {
        if (_withSinks && sinks is null)
        {
            EngineLog.SnapshotWithoutSinks(_logger, sequence, "their state did not arrive or could not be saved");
        }

        if (sinks is not null && chain.Sequence == sequence && position.Offset > 0)
        {
            sinks.Add(new(SinkState.JournalPositionName, SinkState.EncodePosition(position))); // where start-up resumes reading the journal
        }

        var hash = MatchingEngine.HashOf(state);
        var path = _store.Write(sequence, timestamp, hash, chain, state, sinks);
        LastWrittenSequence = sequence;
        EngineLog.SnapshotWritten(_logger, sequence, path, state.Length, hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        _afterWrite?.Invoke();
    }
}
