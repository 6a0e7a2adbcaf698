using Exchange.Disruptor.Sequencing;

namespace Exchange.Disruptor;

/// <summary>Spins briefly, then yields the CPU between checks: low latency while letting other ready threads run.</summary>
public sealed class YieldingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;

    public bool IsBlocking => false;

    public long WaitFor(long sequence, Sequence cursor, Sequence[] dependents, SequenceBarrier barrier)
    {
        var counter = SpinTries;
        long available;
        while ((available = Sequence.Min(dependents)) < sequence)
        {
            barrier.CheckAlert();
            if (counter > 0)
            {
                counter--;
                Thread.SpinWait(1);
            }
            else
            {
                Thread.Yield();
            }
        }

        return available;
    }

    public void SignalAllWhenBlocking()
    {
    }
}
