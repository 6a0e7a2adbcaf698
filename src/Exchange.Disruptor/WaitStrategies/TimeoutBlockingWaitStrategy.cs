namespace Exchange.Disruptor;

/// <summary>
/// Blocking, but wakes after a period with nothing published so the handler's OnTimeout runs:
/// for consumers that need a periodic tick (heartbeats, fsync intervals).
/// </summary>
public sealed class TimeoutBlockingWaitStrategy : BlockingWaitStrategy
{
    private readonly int _milliseconds;

    public TimeoutBlockingWaitStrategy(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.FromMilliseconds(1));
        _milliseconds = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds);
    }

    protected override int WaitMilliseconds => _milliseconds;
}
