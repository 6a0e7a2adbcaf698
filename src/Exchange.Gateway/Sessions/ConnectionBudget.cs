namespace Exchange.Gateway.Sessions;

/// <summary>
/// Counts the connections that have not logged in yet, so that anonymous sockets can hold at most
/// <c>MaxUnauthenticated</c> of the gateway's slots (each for at most the login deadline), and the
/// rest stay free for sessions that authenticate. Also remembers addresses whose connections broke
/// the pre-login rules (a first frame that is not a Login, no login in time) many times within a
/// second: their new connections are closed at accept for a second, before any session is made, so
/// a client reconnecting in a loop costs the server an accept and a close, not a session.
/// </summary>
internal sealed class ConnectionBudget(int maxUnauthenticated, int violationsPerSecond = 20)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<System.Net.IPAddress, Violations> _violations = new();
    private int _anonymous;

    /// <summary>A connection from <paramref name="peer"/> broke the pre-login rules.</summary>
    public void RecordViolation(System.Net.IPAddress? peer)
    {
        if (peer is null)
        {
            return;
        }

        var now = Environment.TickCount64;
        _violations.AddOrUpdate(peer, _ => new Violations(now, 1, 0), (_, v) =>
        {
            var fresh = now - v.WindowStart >= 1_000;
            var count = fresh ? 1 : v.Count + 1;
            return new Violations(fresh ? now : v.WindowStart, count, count >= violationsPerSecond ? now + 1_000 : v.CoolUntil);
        });
    }

    /// <summary>Whether new connections from <paramref name="peer"/> are being turned away.</summary>
    public bool IsCoolingDown(System.Net.IPAddress? peer) =>
        peer is not null && _violations.TryGetValue(peer, out var v) && Environment.TickCount64 < v.CoolUntil;

    private readonly record struct Violations(long WindowStart, int Count, long CoolUntil);

    public int Anonymous => Volatile.Read(ref _anonymous);

    /// <summary>Takes an anonymous slot; false at the cap.</summary>
    public bool TryAdmitAnonymous()
    {
        if (Interlocked.Increment(ref _anonymous) <= maxUnauthenticated)
        {
            return true;
        }

        Interlocked.Decrement(ref _anonymous);
        return false;
    }

    /// <summary>Gives the slot back: the connection logged in or ended.</summary>
    public void ReleaseAnonymous() => Interlocked.Decrement(ref _anonymous);
}
