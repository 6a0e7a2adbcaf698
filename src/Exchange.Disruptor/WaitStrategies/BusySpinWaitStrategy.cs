using Exchange.Disruptor.Sequencing;

namespace Exchange.Disruptor;

/// <summary>Spins on the sequence: the lowest latency, and one core burnt per consumer. Only where cores are reserved.</summary>
public sealed class BusySpinWaitStrategy : IWaitStrategy
{
    public bool IsBlocking => false;

    public long WaitFor(long sequence, Sequence cursor, Sequence[] dependents, SequenceBarrier barrier)
    {
        long available;
        while ((available = Sequence.Min(dependents)) < sequence)
        {
            barrier.CheckAlert();
            Thread.SpinWait(1);
        }

        return available;
    }

    public void SignalAllWhenBlocking()
    {
    }
}
