using Exchange.Disruptor.Processing;
using Exchange.Disruptor.Sequencing;

namespace Exchange.Disruptor.Dsl;

/// <summary>
/// Wires a ring buffer and its consumers into a graph and runs each consumer on its own thread:
/// <c>HandleEventsWith(a, b).Then(c)</c> builds a diamond where c sees a slot only after a and b.
/// Producers are gated by the last stage of every chain.
/// </summary>
/// <remarks>
/// Lifecycle: wire, <see cref="Start"/>, publish through <see cref="RingBuffer"/>, then
/// <see cref="Shutdown"/> (waits until every published event has gone through every consumer, then
/// stops them) or <see cref="Halt"/> (stops now, dropping what is not yet processed).
/// </remarks>
public sealed class Disruptor<T>
{
    private readonly List<IEventProcessor> _processors = [];
    private readonly HashSet<IEventProcessor> _upstream = [];
    private readonly List<Thread> _threads = [];
    private readonly ExceptionPolicy _policy;
    private readonly Action<Exception, long>? _onError;
    private int _started;

    /// <summary>Sequences the processors being added by <see cref="CreateGroup"/> must stay behind.</summary>
    private Sequence[] _pendingBarrierDependencies = [];

    public Disruptor(int bufferSize, ProducerType producerType, IWaitStrategy waitStrategy, Func<T>? factory = null,
        ExceptionPolicy exceptionPolicy = ExceptionPolicy.Halt, Action<Exception, long>? onError = null)
    {
        RingBuffer = producerType == ProducerType.Single
            ? Disruptor.RingBuffer.CreateSingleProducer(bufferSize, waitStrategy, factory)
            : Disruptor.RingBuffer.CreateMultiProducer(bufferSize, waitStrategy, factory);
        _policy = exceptionPolicy;
        _onError = onError;
    }

    public RingBuffer<T> RingBuffer { get; }

    public IReadOnlyList<IEventProcessor> Processors => _processors;

    public HandlerGroup<T> HandleEventsWith<THandler>(THandler handler)
        where THandler : IEventHandler<T> =>
        CreateGroup([], p => [p.Add(handler)]);

    public HandlerGroup<T> HandleEventsWith<THandler1, THandler2>(THandler1 first, THandler2 second)
        where THandler1 : IEventHandler<T>
        where THandler2 : IEventHandler<T> =>
        CreateGroup([], p => [p.Add(first), p.Add(second)]);

    public HandlerGroup<T> HandleEventsWith<THandler1, THandler2, THandler3>(THandler1 first, THandler2 second, THandler3 third)
        where THandler1 : IEventHandler<T>
        where THandler2 : IEventHandler<T>
        where THandler3 : IEventHandler<T> =>
        CreateGroup([], p => [p.Add(first), p.Add(second), p.Add(third)]);

    /// <summary>Gates producers on the last stages and starts one thread per processor.</summary>
    public RingBuffer<T> Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The disruptor was already started.");
        }

        var lastStages = new List<Sequence>();
        foreach (var processor in _processors)
        {
            if (!_upstream.Contains(processor))
            {
                lastStages.Add(processor.Sequence);
            }
        }

        RingBuffer.AddGatingSequences([.. lastStages]);
        for (var i = 0; i < _processors.Count; i++)
        {
            var thread = new Thread(_processors[i].Run) { IsBackground = true, Name = $"disruptor-{i}" };
            _threads.Add(thread);
            thread.Start();
        }

        return RingBuffer;
    }

    /// <summary>Waits until every consumer has processed everything published, then stops them.</summary>
    /// <returns>False if that did not happen within <paramref name="timeout"/> (the consumers are halted anyway).</returns>
    public bool Shutdown(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var drained = false;
        var spin = default(SpinWait);
        while (Environment.TickCount64 < deadline)
        {
            if (IsDrained())
            {
                drained = true;
                break;
            }

            spin.SpinOnce();
        }

        Halt();
        return drained;
    }

    /// <summary>Stops every consumer after the event in hand and waits for their threads.</summary>
    public void Halt()
    {
        foreach (var processor in _processors)
        {
            processor.Halt();
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }

    internal HandlerGroup<T> CreateGroup(IEventProcessor[] after, Func<Disruptor<T>, IEventProcessor[]> create)
    {
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("Wire all handlers before Start.");
        }

        _pendingBarrierDependencies = [.. after.Select(p => p.Sequence)];
        var created = create(this);
        foreach (var processor in after)
        {
            _upstream.Add(processor);
        }

        return new HandlerGroup<T>(this, created);
    }

    internal IEventProcessor Add<THandler>(THandler handler)
        where THandler : IEventHandler<T>
    {
        var barrier = RingBuffer.NewBarrier(_pendingBarrierDependencies);
        var processor = new BatchEventProcessor<T, THandler>(RingBuffer, barrier, handler, _policy, _onError);
        _processors.Add(processor);
        return processor;
    }

    /// <summary>Every consumer has caught up with the cursor, or one has failed (then the consumers behind it never will: waiting is pointless).</summary>
    private bool IsDrained()
    {
        var published = RingBuffer.Cursor.Value;
        foreach (var processor in _processors)
        {
            if (processor.Fault is not null)
            {
                return true;
            }
        }

        foreach (var processor in _processors)
        {
            if (processor.Sequence.Value < published)
            {
                return false;
            }
        }

        return true;
    }
}
