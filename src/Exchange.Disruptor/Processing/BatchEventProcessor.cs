using Exchange.Disruptor.Sequencing;

namespace Exchange.Disruptor.Processing;

/// <summary>
/// The consumer loop: waits on its barrier, then hands every available slot to the handler in
/// sequence order and publishes its progress once per batch. Generic over the handler type so a
/// struct handler's calls are devirtualised and inlined.
/// </summary>
/// <remarks>
/// Memory ordering: slots up to the sequence the barrier returns are fully written (acquire on
/// the cursor or availability flags); the release store of <see cref="Sequence"/> after a batch
/// tells downstream consumers and producers that the handler is done with those slots.
/// </remarks>
public sealed class BatchEventProcessor<T, THandler> : IEventProcessor
    where THandler : IEventHandler<T>
{
    private const int Idle = 0, Running = 1, Halted = 2;

    private readonly RingBuffer<T> _ring;
    private readonly SequenceBarrier _barrier;
    private readonly ExceptionPolicy _policy;
    private readonly Action<Exception, long>? _onError;
    private THandler _handler; // not readonly: a struct handler must not be copied per call
    private int _state;

    public BatchEventProcessor(RingBuffer<T> ring, SequenceBarrier barrier, THandler handler,
        ExceptionPolicy policy = ExceptionPolicy.Halt, Action<Exception, long>? onError = null)
    {
        _ring = ring;
        _barrier = barrier;
        _handler = handler;
        _policy = policy;
        _onError = onError;
    }

    public Sequence Sequence { get; } = new();

    public bool IsRunning => Volatile.Read(ref _state) == Running;

    public Exception? Fault { get; private set; }

    /// <summary>The handler as it is now (a copy, for a struct); read it only after the processor stopped.</summary>
    public THandler Handler => _handler;

    public void Run()
    {
        if (Interlocked.CompareExchange(ref _state, Running, Idle) != Idle)
        {
            throw new InvalidOperationException("The processor is already running or was halted.");
        }

        _barrier.ClearAlert();
        _handler.OnStart();
        try
        {
            ProcessEvents();
        }
        finally
        {
            _handler.OnShutdown();
            Volatile.Write(ref _state, Idle);
        }
    }

    public void Halt()
    {
        Volatile.Write(ref _state, Halted);
        _barrier.Alert();
    }

    // Runs once per processor lifetime and never returns while running, so tiered compilation would
    // leave it in on-stack-replacement code; compile it fully optimised from the start instead.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ProcessEvents()
    {
        var next = Sequence.Value + 1;
        var batchStart = next;
        while (true)
        {
            try
            {
                var available = _barrier.WaitFor(next);
                if (available == WaitResult.Timeout)
                {
                    _handler.OnTimeout(next - 1);
                    continue;
                }

                if (available >= next)
                {
                    batchStart = next;
                    _handler.OnBatchStart(available - next + 1);
                    while (next <= available)
                    {
                        _handler.OnEvent(ref _ring[next], next, next == available);
                        next++;
                    }

                    Sequence.SetValue(available);
                    _barrier.SignalProgress();
                }
            }
            catch (AlertException)
            {
                if (Volatile.Read(ref _state) != Running)
                {
                    return;
                }
            }
            catch (Exception ex)
            {
                _onError?.Invoke(ex, next);
                if (_policy == ExceptionPolicy.Halt)
                {
                    // Fail-stop rolls back to the last whole batch: a handler that acts per batch (the
                    // journaller commits at its end) may not have finished any event of this one, so
                    // no consumer behind it may see them.
                    Fault = ex;
                    Sequence.SetValue(batchStart - 1);
                    return;
                }

                Sequence.SetValue(next);
                next++;
            }
        }
    }
}
