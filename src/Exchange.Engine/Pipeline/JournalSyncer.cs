using Exchange.Journal.Writing;
using Microsoft.Extensions.Logging;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// Async durability's fsync: a dedicated thread that makes the committed journal durable every
/// interval, beside the pipeline rather than in it. An fsync can take tens of milliseconds on a busy
/// disk; done by the journaller it would hold every command behind it for that long. A failed fsync
/// stops the engine from accepting commands (the journal can no longer be trusted to persist them).
/// </summary>
internal sealed class JournalSyncer : IDisposable
{
    private readonly JournalWriter _writer;
    private readonly TimeSpan _interval;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private readonly ILogger _logger;
    private readonly Action _onFailure;

    public JournalSyncer(JournalWriter writer, TimeSpan interval, ILogger logger, Action onFailure)
    {
        _writer = writer;
        _interval = interval;
        _logger = logger;
        _onFailure = onFailure;

        // A dedicated thread, not a pool timer: durability must not wait for a starved thread pool.
        _thread = new Thread(Run) { IsBackground = true, Name = "journal-sync" };
        _thread.Start();
    }

    /// <summary>The fsync failure that stopped the syncer, if any.</summary>
    public Exception? Fault { get; private set; }

    private void Run()
    {
        while (!_stop.Wait(_interval))
        {
            try
            {
                _writer.Sync();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                Fault = ex;
                EngineLog.SyncFailed(_logger, ex);
                _onFailure();
                return;
            }
        }
    }

    /// <summary>Stops the thread; the writer's own dispose makes the tail durable.</summary>
    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}
