using System.Diagnostics;
using System.Net;

namespace Exchange.Gateway.Accounts;

/// <summary>
/// Keeps password checking from eating the machine. A secret is checked with PBKDF2 (100,000
/// rounds: tens of milliseconds of CPU), so a flood of wrong logins would otherwise starve the
/// trading sessions of CPU. Three limits: at most <c>maxConcurrentChecks</c> checks run at once (the
/// rest wait their turn without holding a thread); a peer address and an account whose logins failed
/// each get at most one check per penalty, which starts at 100 ms and doubles with every failure up
/// to <c>maxDelay</c>, however many connections ask at once (each waits for its reserved turn); and a
/// login whose turn would come later than <c>maxWait</c> is refused without any hashing, answered only
/// after a penalty's length (a tarpit, so a refused flood cannot spin through connections). Penalties
/// are forgiven after a quiet minute, or at once by a correct login. An account whose session was
/// ended for flooding is locked out for a while, which a correct login does not lift.
/// Guessing must cost the guesser, not the owner: an address that has logged in to an account before
/// (the last <see cref="KnownAddressesPerAccount"/> of them), or one inside the networks the account is
/// configured to use, is "known" to it. A known address's login ignores the account's penalty (only its
/// own address's counts) and is checked in a lane of its own (one check at a time beside the shared ones),
/// so wrong secrets sent for an account from elsewhere never keep its owner out, and the hashing stays
/// bounded (at most <c>maxConcurrentChecks</c> + 1 checks run at once).
/// </summary>
public sealed class LoginGuard : IDisposable
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Forgiven = TimeSpan.FromMinutes(1);
    private const int PruneAbove = 4_096;
    private readonly SemaphoreSlim _checks;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _maxWait;
    private readonly TimeProvider _time;
    private static readonly TimeSpan LockoutForgiven = TimeSpan.FromMinutes(10);
    private readonly Dictionary<object, Penalty> _penalties = [];
    private readonly Dictionary<long, Lockout> _lockouts = [];
    private readonly Dictionary<long, List<IPAddress>> _known = [];
    private readonly SemaphoreSlim _knownChecks = new(1);

    /// <summary>How many addresses that logged in to an account are remembered as known to it.</summary>
    public const int KnownAddressesPerAccount = 8;
    private readonly Lock _gate = new();

    public LoginGuard(int maxConcurrentChecks, TimeSpan maxDelay, TimeSpan maxWait, TimeProvider? time = null)
    {
        _checks = new SemaphoreSlim(Math.Max(1, maxConcurrentChecks));
        _maxDelay = maxDelay;
        _maxWait = maxWait;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The penalty a failure has put on <paramref name="peer"/>: how long it waits between checks (zero when it has none).</summary>
    public TimeSpan DelayFor(IPAddress? peer)
    {
        lock (_gate)
        {
            return peer is not null && _penalties.TryGetValue(peer, out var p) ? p.Delay(_maxDelay) : TimeSpan.Zero;
        }
    }

    /// <summary>
    /// Reserves the next turn of <paramref name="peer"/> and <paramref name="account"/> (refused when it is too far off),
    /// waits for it and a free check slot, runs <paramref name="check"/> and records the outcome.
    /// </summary>
    /// <param name="peer">The address the login came from.</param>
    /// <param name="account">The account it is for.</param>
    /// <param name="check">The password check (PBKDF2), run only in a turn and a free lane.</param>
    /// <param name="cancellation">Ends the wait when the connection closes.</param>
    /// <param name="fromAccountNetwork">The address is inside the networks the account is configured to use: known to it.</param>
    public async Task<LoginCheck> CheckAsync(IPAddress? peer, long account, Func<bool> check, CancellationToken cancellation, bool fromAccountNetwork = false)
    {
        ArgumentNullException.ThrowIfNull(check);
        var wait = Reserve(peer, account, fromAccountNetwork, out var tarpit, out var known);
        if (wait is null)
        {
            // Answered only after a penalty's length, so a refused flood cannot spin through connections.
            await Task.Delay(tarpit, _time, cancellation).ConfigureAwait(false);
            return LoginCheck.Deferred;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait.Value, _time, cancellation).ConfigureAwait(false);
        }

        var lane = known ? _knownChecks : _checks;
        await lane.WaitAsync(cancellation).ConfigureAwait(false);
        bool ok;
        try
        {
            ok = check();
        }
        finally
        {
            lane.Release();
        }

        Record(peer, account, ok, known);
        return ok ? LoginCheck.Passed : LoginCheck.Failed;
    }

    /// <summary>
    /// Locks out an account whose session was ended for abuse (a throttle flood): its logins are refused
    /// unchecked for 1 s, twice as long after each repeat up to <see cref="LongestLockout"/>. Unlike a
    /// failed login's penalty, a correct login does not clear it (the abuser knows the secret); ten quiet
    /// minutes do.
    /// </summary>
    public void LockOut(long account)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (!_lockouts.TryGetValue(account, out var lockout) || _time.GetElapsedTime(lockout.Last, now) > LockoutForgiven)
            {
                lockout = new Lockout(0, 0, 0);
            }

            var count = Math.Min(lockout.Count + 1, 20);
            var length = TimeSpan.FromTicks(Math.Min(LongestLockout.Ticks, TimeSpan.FromSeconds(1).Ticks << (count - 1)));
            _lockouts[account] = new Lockout(count, now + TicksOf(length), now);
        }
    }

    /// <summary>The longest an account cut off for flooding is locked out after repeating it.</summary>
    public static readonly TimeSpan LongestLockout = TimeSpan.FromMinutes(1);

    /// <summary>A login refused before any check (an address outside the account's networks): the address is penalised, never the account.</summary>
    public void FailAddress(IPAddress? peer)
    {
        if (peer is null)
        {
            return;
        }

        lock (_gate)
        {
            Fail(peer, _time.GetTimestamp());
        }
    }

    /// <summary>Whether <paramref name="peer"/> has logged in to <paramref name="account"/> lately.</summary>
    public bool IsKnown(long account, IPAddress? peer)
    {
        lock (_gate)
        {
            return Knows(account, peer);
        }
    }

    /// <summary>Whether <paramref name="peer"/> is among the addresses remembered for <paramref name="account"/>; under the gate.</summary>
    private bool Knows(long account, IPAddress? peer) => peer is not null && _known.TryGetValue(account, out var addresses) && addresses.Contains(peer);

    public void Dispose()
    {
        _checks.Dispose();
        _knownChecks.Dispose();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>An account cut off for flooding: how often in a row, until when, and when last.</summary>
    private readonly record struct Lockout(int Count, long Until, long Last);

    /// <summary>How long until this login's turn (null: later than the longest wait allowed), with the turn taken.</summary>
    private TimeSpan? Reserve(IPAddress? peer, long account, bool fromAccountNetwork, out TimeSpan tarpit, out bool known)
    {
        tarpit = TimeSpan.Zero;
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            known = fromAccountNetwork || Knows(account, peer);
            if (_lockouts.TryGetValue(account, out var lockout) && now < lockout.Until)
            {
                tarpit = Min(_maxDelay, _time.GetElapsedTime(now, lockout.Until));
                return null;
            }

            var start = now;
            Penalty? byPeer = null, byAccount = null;
            if (peer is not null && Current(peer, now) is { } p)
            {
                byPeer = p;
                start = Math.Max(start, p.NextTurn);
            }

            if (!known && Current(account, now) is { } a) // the account's penalty is for the addresses it does not know
            {
                byAccount = a;
                start = Math.Max(start, a.NextTurn);
            }

            var wait = _time.GetElapsedTime(now, start);
            if (start > now && wait > _maxWait)
            {
                tarpit = Max(byPeer?.Delay(_maxDelay) ?? TimeSpan.Zero, byAccount?.Delay(_maxDelay) ?? TimeSpan.Zero);
                return null;
            }

            byPeer?.Take(start, TicksOf(byPeer.Delay(_maxDelay)));
            byAccount?.Take(start, TicksOf(byAccount.Delay(_maxDelay)));
            return start > now ? wait : TimeSpan.Zero;
        }
    }

    /// <summary>Records a check's outcome: a success clears the address's penalty (and the account's, unless <paramref name="known"/>), a failure grows both.</summary>
    /// <param name="peer">The address the login came from.</param>
    /// <param name="account">The account it was for.</param>
    /// <param name="ok">Whether the secret matched.</param>
    /// <param name="known">The login came from an address known to the account: its success says nothing of the
    /// guessers elsewhere, so it leaves the account's penalty (which only unknown addresses feel) in place.</param>
    private void Record(IPAddress? peer, long account, bool ok, bool known)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            if (ok)
            {
                if (peer is not null)
                {
                    _penalties.Remove(peer);
                    Remember(account, peer);
                }

                if (!known)
                {
                    _penalties.Remove(account);
                }

                return;
            }

            if (_penalties.Count > PruneAbove)
            {
                Prune(now);
            }

            if (peer is not null)
            {
                Fail(peer, now);
            }

            Fail(account, now);
        }
    }

    /// <summary>Remembers <paramref name="peer"/> as known to <paramref name="account"/> (the most recent first); under the gate.</summary>
    private void Remember(long account, IPAddress peer)
    {
        if (!_known.TryGetValue(account, out var addresses))
        {
            _known[account] = addresses = new List<IPAddress>(KnownAddressesPerAccount);
        }

        addresses.Remove(peer);
        if (addresses.Count == KnownAddressesPerAccount)
        {
            addresses.RemoveAt(addresses.Count - 1);
        }

        addresses.Insert(0, peer);
    }

    /// <summary>The key's penalty, unless it has none or it has been forgiven.</summary>
    private Penalty? Current(object key, long now)
    {
        if (!_penalties.TryGetValue(key, out var penalty))
        {
            return null;
        }

        if (_time.GetElapsedTime(penalty.LastFailure, now) > Forgiven)
        {
            _penalties.Remove(key);
            return null;
        }

        return penalty;
    }

    private void Fail(object key, long now)
    {
        if (!_penalties.TryGetValue(key, out var penalty))
        {
            _penalties[key] = penalty = new Penalty();
        }

        penalty.Failed(now);
        penalty.Take(Math.Max(penalty.NextTurn, now), TicksOf(penalty.Delay(_maxDelay)));
    }

    /// <summary>Drops penalties that have been quiet for a minute, so spoofed keys cannot grow the table without bound.</summary>
    private void Prune(long now)
    {
        var stale = new List<object>();
        foreach (var (key, penalty) in _penalties)
        {
            if (_time.GetElapsedTime(penalty.LastFailure, now) > Forgiven)
            {
                stale.Add(key);
            }
        }

        foreach (var key in stale)
        {
            _penalties.Remove(key);
        }
    }

    private long TicksOf(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>Failures of one address or account, and the earliest time its next check may start.</summary>
    private sealed class Penalty
    {
        public int Count { get; private set; }

        public long NextTurn { get; private set; }

        public long LastFailure { get; private set; }

        public TimeSpan Delay(TimeSpan max) =>
            Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(max.Ticks, FirstDelay.Ticks << Math.Min(Count - 1, 20)));

        /// <summary>A check starts at <paramref name="start"/>: the next may start one penalty later.</summary>
        public void Take(long start, long delay) => NextTurn = start + delay;

        public void Failed(long now)
        {
            Count = Math.Min(Count + 1, 30);
            LastFailure = now;
        }
    }
}
