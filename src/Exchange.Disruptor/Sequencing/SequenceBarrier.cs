namespace Exchange.Disruptor.Sequencing;

/// <summary>
/// What a consumer waits on: the producers' cursor and the sequences of the consumers it must
/// stay behind (in a pipeline or diamond). It can be alerted to wake a waiting consumer for a halt.
/// </summary>
public sealed class SequenceBarrier
{
    private readonly Sequencer _sequencer;
    private readonly IWaitStrategy _waitStrategy;
    private readonly Sequence _cursor;
    private readonly Sequence[] _dependents;
    private volatile bool _alerted;

    internal SequenceBarrier(Sequencer sequencer, Sequence[] dependents)
    {
        _sequencer = sequencer;
        _waitStrategy = sequencer.WaitStrategy;
        _cursor = sequencer.Cursor;
        _dependents = dependents.Length == 0 ? [sequencer.Cursor] : [.. dependents];
    }

    /// <summary>
    /// Waits until <paramref name="sequence"/> is available and returns the highest available
    /// sequence (often beyond it: a batch). Returns less than <paramref name="sequence"/> when
    /// nothing new is usable yet, or <see cref="WaitResult.Timeout"/> when a timeout strategy expired.
    /// </summary>
    /// <exception cref="AlertException">The barrier was alerted.</exception>
    public long WaitFor(long sequence)
    {
        CheckAlert();
        var available = _waitStrategy.WaitFor(sequence, _cursor, _dependents, this);
        if (available < sequence)
        {
            return available;
        }

        var highest = _sequencer.GetHighestPublishedSequence(sequence, available);
        return highest >= sequence ? highest : WaitForPublication(sequence, available);
    }

    /// <summary>
    /// The slot is claimed (multi producer) but its producer has not published it yet, perhaps
    /// because it was descheduled between claim and publish. Back off (spin, then yield) rather
    /// than spin hot, or on a busy machine we would burn the very time slice that producer needs.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private long WaitForPublication(long sequence, long available)
    {
        var spin = default(SpinWait);
        while (!_sequencer.IsAvailable(sequence))
        {
            CheckAlert();
            spin.SpinOnce(sleep1Threshold: -1);
        }

        return _sequencer.GetHighestPublishedSequence(sequence, available);
    }

    /// <summary>The slowest of the sequences this barrier follows.</summary>
    public long Cursor => Sequence.Min(_dependents);

    public bool IsAlerted => _alerted;

    public void Alert()
    {
        _alerted = true;
        _waitStrategy.SignalAllWhenBlocking();
        _waitStrategy.SignalProgressWhenBlocking();
    }

    /// <summary>Tells consumers waiting behind this barrier's owner that it has moved on (a fence and a read when nobody waits).</summary>
    public void SignalProgress() => _waitStrategy.SignalProgressWhenBlocking();

    public void ClearAlert() => _alerted = false;

    public void CheckAlert()
    {
        if (_alerted)
        {
            ThrowHelper.ThrowAlert();
        }
    }
}
