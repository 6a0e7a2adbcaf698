namespace Exchange.Disruptor.Sequencing;

/// <summary>
/// Claims slots for producers and tells consumers which slots are published. The cursor and the
/// gating sequences (the slowest consumers) together keep producers from overwriting a slot that
/// has not been consumed.
/// </summary>
public abstract class Sequencer
{
    private Sequence[] _gatingSequences = [];

    protected Sequencer(int bufferSize, IWaitStrategy waitStrategy)
    {
        if (bufferSize < 1 || (bufferSize & (bufferSize - 1)) != 0)
        {
            ThrowHelper.ThrowNotPowerOfTwo(bufferSize);
        }

        BufferSize = bufferSize;
        WaitStrategy = waitStrategy;
        SignalsWaiters = waitStrategy.IsBlocking;
    }

    public int BufferSize { get; }

    public IWaitStrategy WaitStrategy { get; }

    /// <summary>The highest claimed (multi producer) or published (single producer) sequence.</summary>
    public Sequence Cursor { get; } = new();

    /// <summary>Read once at construction so that publishing skips the signal for non-blocking strategies.</summary>
    protected bool SignalsWaiters { get; }

    /// <summary>Claims the next slot, waiting for space if the ring is full.</summary>
    public long Next() => Next(1);

    /// <summary>Claims <paramref name="n"/> consecutive slots; returns the highest.</summary>
    public abstract long Next(int n);

    /// <summary>Claims the next slot if there is space now; never waits.</summary>
    public bool TryNext(out long sequence) => TryNext(1, out sequence);

    /// <summary>Claims <paramref name="n"/> slots if there is space now; never waits. Returns the highest.</summary>
    public abstract bool TryNext(int n, out long sequence);

    /// <summary>Makes a claimed and filled slot visible to consumers.</summary>
    public abstract void Publish(long sequence);

    /// <summary>Makes a claimed range of slots visible to consumers.</summary>
    public abstract void Publish(long low, long high);

    /// <summary>Whether a slot has been published (and not yet wrapped over).</summary>
    public abstract bool IsAvailable(long sequence);

    /// <summary>The highest sequence from <paramref name="low"/> up to <paramref name="available"/> with every slot published.</summary>
    public abstract long GetHighestPublishedSequence(long low, long available);

    /// <summary>Free slots: how many more can be claimed before a producer would wait.</summary>
    public abstract long RemainingCapacity();

    /// <summary>Consumers whose progress gates producers (usually the last stage of each chain).</summary>
    public void AddGatingSequences(params Sequence[] sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        foreach (var sequence in sequences)
        {
            sequence.SetValue(Cursor.Value);
        }

        Volatile.Write(ref _gatingSequences, [.. Volatile.Read(ref _gatingSequences), .. sequences]);
    }

    public bool RemoveGatingSequence(Sequence sequence)
    {
        var current = Volatile.Read(ref _gatingSequences);
        var index = Array.IndexOf(current, sequence);
        if (index < 0)
        {
            return false;
        }

        var next = new Sequence[current.Length - 1];
        Array.Copy(current, 0, next, 0, index);
        Array.Copy(current, index + 1, next, index, current.Length - index - 1);
        Volatile.Write(ref _gatingSequences, next);
        return true;
    }

    /// <summary>A barrier for a consumer that must stay behind the cursor and every one of <paramref name="dependents"/>.</summary>
    public SequenceBarrier NewBarrier(params Sequence[] dependents) => new(this, dependents);

    /// <summary>The slowest gating consumer, or <paramref name="fallback"/> when it is smaller or there are none.</summary>
    protected long MinimumGatingSequence(long fallback) => Sequence.Min(Volatile.Read(ref _gatingSequences), fallback);

    protected void SignalIfBlocking()
    {
        if (SignalsWaiters)
        {
            WaitStrategy.SignalAllWhenBlocking();
        }
    }

    protected void CheckClaimSize(int n)
    {
        if (n < 1 || n > BufferSize)
        {
            ThrowHelper.ThrowClaimOutOfRange(n, BufferSize);
        }
    }
}
