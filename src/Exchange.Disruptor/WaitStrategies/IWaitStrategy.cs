using Exchange.Disruptor.Sequencing;

namespace Exchange.Disruptor;

/// <summary>
/// How a consumer waits for a sequence: the trade between latency and CPU. Busy-spin and
/// yielding need a core each; sleeping and blocking leave the CPU to other threads (the 2-core
/// default) at the cost of wake-up latency.
/// </summary>
public interface IWaitStrategy
{
    /// <summary>
    /// Waits until the slowest of <paramref name="dependents"/> reaches <paramref name="sequence"/>
    /// and returns it; may return less (nothing usable yet) or <see cref="WaitResult.Timeout"/>.
    /// Must call <see cref="SequenceBarrier.CheckAlert"/> while waiting.
    /// </summary>
    long WaitFor(long sequence, Sequence cursor, Sequence[] dependents, SequenceBarrier barrier);

    /// <summary>Wakes blocked consumers; producers call it after publishing when <see cref="IsBlocking"/>.</summary>
    void SignalAllWhenBlocking();

    /// <summary>Whether waiters sleep on a signal, so producers must call <see cref="SignalAllWhenBlocking"/>.</summary>
    bool IsBlocking { get; }

    /// <summary>
    /// Wakes consumers blocked on an upstream consumer (not the cursor); event processors call it
    /// after they advance their sequence. Strategies that spin for upstream consumers ignore it.
    /// </summary>
    void SignalProgressWhenBlocking()
    {
    }
}
