using System.Diagnostics;

namespace Exchange.Gateway.Sessions;

/// <summary>Per-session rate limit: tokens refill at a steady rate up to a burst; each inbound message takes one.</summary>
internal sealed class TokenBucket(int ratePerSecond, int burst)
{
    private double _tokens = burst;
    private long _last = Stopwatch.GetTimestamp();

    public bool TryTake()
    {
        var now = Stopwatch.GetTimestamp();
        _tokens = Math.Min(burst, _tokens + ((now - _last) * (double)ratePerSecond / Stopwatch.Frequency));
        _last = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
