using System.Collections.Concurrent;
using Exchange.Core.Matching;
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
    private readonly BlockingCollection<(long Sequence, long Timestamp, byte[] State)> _pending = new(4);
    private readonly Thread _writer;

    public SnapshotScheduler(SnapshotStore store, ILogger logger)
    {
        _store = store;
        _logger = logger;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "snapshot-writer" };
        _writer.Start();
    }

    public long LastWrittenSequence { get; private set; }

    /// <summary>Serializes the state on the calling (business logic) thread; hashing and writing happen on the writer thread.</summary>
    public void Capture(MatchingEngine engine) => _pending.Add((engine.LastSequence, engine.LastTimestamp, engine.SaveState()));

    /// <summary>Writes a snapshot now on the calling thread (shutdown, once the pipeline has stopped), then stops.</summary>
    public void WriteNowAndDispose(MatchingEngine engine)
    {
        Dispose();
        Write(engine.LastSequence, engine.LastTimestamp, engine.SaveState());
    }

    public void Dispose()
    {
        _pending.CompleteAdding();
        _writer.Join();
        _pending.Dispose();
    }

    private void WriteLoop()
    {
        foreach (var (sequence, timestamp, state) in _pending.GetConsumingEnumerable())
        {
            try
            {
                Write(sequence, timestamp, state);
            }
            catch (IOException ex)
            {
                EngineLog.SnapshotFailed(_logger, ex, sequence);
            }
        }
    }

    private void Write(long sequence, long timestamp, byte[] state)
    {
        var hash = MatchingEngine.HashOf(state);
        var path = _store.Write(sequence, timestamp, hash, state);
        LastWrittenSequence = sequence;
        EngineLog.SnapshotWritten(_logger, sequence, path, state.Length, hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
    }
}
