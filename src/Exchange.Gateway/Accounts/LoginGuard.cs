using System.Collections.Concurrent;
using System.Net;

namespace Exchange.Gateway.Accounts;

/// <summary>
/// Keeps password checking from eating the machine. A secret is checked with PBKDF2 (100,000
/// rounds: tens of milliseconds of CPU), so a flood of wrong logins would otherwise starve the
/// trading sessions of CPU. Two limits: at most <c>maxConcurrentChecks</c> checks run at once (the
/// rest wait their turn without holding a thread), and a peer address whose logins failed waits
/// before its next check, twice as long after each failure (up to <c>maxDelay</c>), so it cannot
/// buy CPU time with fast retries. A correct login from a penalised address is slowed, not refused.
/// </summary>
public sealed class LoginGuard : IDisposable
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private readonly SemaphoreSlim _checks;
    private readonly TimeSpan _maxDelay;
    private readonly ConcurrentDictionary<IPAddress, Failures> _failures = new();

    public LoginGuard(int maxConcurrentChecks, TimeSpan maxDelay)
    {
        _checks = new SemaphoreSlim(Math.Max(1, maxConcurrentChecks));
        _maxDelay = maxDelay;
    }

    /// <summary>How long <paramref name="peer"/> must wait before its next check (zero when it has no recent failures).</summary>
    public TimeSpan DelayFor(IPAddress? peer) =>
        peer is not null && _failures.TryGetValue(peer, out var f) ? f.Delay(_maxDelay) : TimeSpan.Zero;

    /// <summary>Waits for the peer's penalty and a free check slot, runs <paramref name="check"/>, records the outcome.</summary>
    public async Task<bool> CheckAsync(IPAddress? peer, Func<bool> check, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(check);
        var delay = DelayFor(peer);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellation).ConfigureAwait(false);
        }

        await _checks.WaitAsync(cancellation).ConfigureAwait(false);
        bool ok;
        try
        {
            ok = check();
        }
        finally
        {
            _checks.Release();
        }

        if (peer is not null)
        {
            if (ok)
            {
                _failures.TryRemove(peer, out _);
            }
            else
            {
                _failures.AddOrUpdate(peer, _ => new Failures(1), (_, f) => f.Next());
            }
        }

        return ok;
    }

    public void Dispose() => _checks.Dispose();

    /// <summary>Consecutive failures of one address: each doubles the wait before its next check.</summary>
    private sealed record Failures(int Count)
    {
        public Failures Next() => new(Math.Min(Count + 1, 30));

        public TimeSpan Delay(TimeSpan max) => TimeSpan.FromTicks(Math.Min(max.Ticks, FirstDelay.Ticks << Math.Min(Count - 1, 20)));
    }
}
