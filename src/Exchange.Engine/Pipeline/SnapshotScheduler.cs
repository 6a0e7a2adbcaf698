using System.Collections.Concurrent;
using Exchange.Core.Matching;
using Exchange.Journal.Format;
using Exchange.Journal.Snapshots;
using Microsoft.Extensions.Logging;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// Takes the state bytes from the business logic thread (the only moment the state is
/// consistent) and writes the file on its own thread, so the business logic is held up only for
/// the serialization, not for the disk.
/// </summary>
internal sealed class SnapshotScheduler : IDisposable
{
    private readonly SnapshotStore _store;
    private readonly ILogger _logger;
    private readonly BlockingCollection<(long Sequence, long Timestamp, ChainPoint Chain, byte[] State)> _pending = new(4);
    private readonly Thread _writer;

    public SnapshotScheduler(SnapshotStore store, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "snapshot-writer" };
        _writer.Start();
    }

    public long LastWrittenSequence { get; private set; }

    /// <summary>
    /// Serializes the state on the calling (business logic) thread; hashing and writing happen on the
    /// writer thread. <paramref name="chain"/> is the journal's chain value at the engine's sequence:
    /// snapshots are taken only at batch boundaries, where it is known.
    /// </summary>
    public void Capture(MatchingEngine engine, ChainPoint chain) => _pending.Add((engine.LastSequence, engine.LastTimestamp, chain, engine.SaveState()));

    /// <summary>Writes a snapshot now on the calling thread (shutdown, once the pipeline has stopped), then stops.</summary>
    public void WriteNowAndDispose(MatchingEngine engine, ChainPoint chain)
    {
        Dispose();
        Write(engine.LastSequence, engine.LastTimestamp, chain, engine.SaveState());
    }

    public void Dispose()
    {
        _pending.CompleteAdding();
        _writer.Join();
        _pending.Dispose();
    }

    private void WriteLoop()
    {
        foreach (var (sequence, timestamp, chain, state) in _pending.GetConsumingEnumerable())
        {
            try
            {
                Write(sequence, timestamp, chain, state);
            }
            catch (IOException ex)
            {
                EngineLog.SnapshotFailed(_logger, ex, sequence);
            }
        }
    }

    private void Write(long sequence, long timestamp, ChainPoint chain, byte[] state)
    {
        var hash = MatchingEngine.HashOf(state);
        var path = _store.Write(sequence, timestamp, hash, chain, state);
        LastWrittenSequence = sequence;
        EngineLog.SnapshotWritten(_logger, sequence, path, state.Length, hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
    }
}
