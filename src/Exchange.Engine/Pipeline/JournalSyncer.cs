using Exchange.Journal.Writing;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// Async durability's fsync: a dedicated thread that makes the committed journal durable every
/// interval, beside the pipeline rather than in it. An fsync can take tens of milliseconds on a busy
/// disk; done by the journaller it would hold every command behind it for that long. A failed fsync
/// fail-stops the engine (the journal can no longer be trusted to persist anything).
/// </summary>
internal sealed class JournalSyncer : IDisposable
{
    private readonly JournalWriter _writer;
    private readonly TimeSpan _interval;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;
    private readonly Action<Exception> _onFailure;

    private readonly System.Diagnostics.Metrics.Histogram<double>? _duration;

    public JournalSyncer(JournalWriter writer, TimeSpan interval, Action<Exception> onFailure, System.Diagnostics.Metrics.Histogram<double>? duration = null)
    {
        _duration = duration;
        _writer = writer;
        _interval = interval;
        _onFailure = onFailure;

        // A dedicated thread, not a pool timer: durability must not wait for a starved thread pool.
        _thread = new Thread(Run) { IsBackground = true, Name = "journal-sync" };
        _thread.Start();
    }

    private void Run()
    {
        while (!_stop.Wait(_interval))
        {
            try
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                _writer.Sync();
                _duration?.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                _onFailure(ex);
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
