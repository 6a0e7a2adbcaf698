using Exchange.Disruptor.Sequencing;

namespace Exchange.Disruptor;

/// <summary>
/// Sleeps on a monitor until a producer signals a publication: no CPU while idle. Waiting for
/// upstream consumers (not the cursor) spins and yields, since they do not signal.
/// </summary>
/// <remarks>
/// Lost wake-ups are impossible: a waiter registers (full fence) before it re-reads the cursor
/// under the lock, and a producer fences after publishing before it reads the waiter count, so at
/// least one of them sees the other; the pulse itself is taken under the same lock.
/// </remarks>
public class BlockingWaitStrategy : IWaitStrategy
{
    private readonly object _gate = new(); // a plain monitor: Monitor.Wait/PulseAll need one, not a System.Threading.Lock
    private int _waiters;

    public bool IsBlocking => true;

    public long WaitFor(long sequence, Sequence cursor, Sequence[] dependents, SequenceBarrier barrier)
    {
        if (cursor.Value < sequence && !WaitForCursor(sequence, cursor, barrier))
        {
            return WaitResult.Timeout;
        }

        var spin = default(SpinWait);
        long available;
        while ((available = Sequence.Min(dependents)) < sequence)
        {
            barrier.CheckAlert();
            spin.SpinOnce(sleep1Threshold: -1);
        }

        return available;
    }

    public void SignalAllWhenBlocking()
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _waiters) > 0)
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>How long one wait on the monitor may last; infinite here, a period in the timeout strategy.</summary>
    protected virtual int WaitMilliseconds => Timeout.Infinite;

    private bool WaitForCursor(long sequence, Sequence cursor, SequenceBarrier barrier)
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _waiters);
            try
            {
                while (cursor.Value < sequence)
                {
                    barrier.CheckAlert();
                    if (!Monitor.Wait(_gate, WaitMilliseconds))
                    {
                        return cursor.Value >= sequence;
                    }
                }
            }
            finally
            {
                Interlocked.Decrement(ref _waiters);
            }
        }

        return true;
    }
}
