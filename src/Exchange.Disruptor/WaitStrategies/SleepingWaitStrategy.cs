using Exchange.Disruptor.Sequencing;

namespace Exchange.Disruptor;

/// <summary>
/// Spins, then yields, then sleeps 1 ms between checks: near-zero CPU when idle, and no signal
/// for producers to send; the price is up to a millisecond of latency after a quiet spell.
/// </summary>
public sealed class SleepingWaitStrategy : IWaitStrategy
{
    private const int SpinTries = 100;
    private const int YieldTries = 100;

    public bool IsBlocking => false;

    public long WaitFor(long sequence, Sequence cursor, Sequence[] dependents, SequenceBarrier barrier)
    {
        var counter = SpinTries + YieldTries;
        long available;
        while ((available = Sequence.Min(dependents)) < sequence)
        {
            barrier.CheckAlert();
            if (counter > YieldTries)
            {
                counter--;
                Thread.SpinWait(1);
            }
            else if (counter > 0)
            {
                counter--;
                Thread.Yield();
            }
            else
            {
                Thread.Sleep(1);
            }
        }

        return available;
    }

    public void SignalAllWhenBlocking()
    {
    }
}
