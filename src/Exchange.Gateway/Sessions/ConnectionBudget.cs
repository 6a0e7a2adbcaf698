using System.Net;

namespace Exchange.Gateway.Sessions;

/// <summary>
/// Holds the connections that have not logged in yet to <c>MaxUnauthenticated</c> of the gateway's slots
/// (and <c>MaxUnauthenticatedPerAddress</c> per peer address), so the rest stay free for sessions that
/// authenticate, and so that a new connection always gets its chance to log in: at a cap the oldest
/// anonymous connection that is not having its secret hashed (idle, or its login waiting for its turn
/// or in the tarpit; of the same address, at the per-address cap) is evicted to make room, rather than
/// the newcomer refused. Idle sockets or tarpitted guesses from many addresses can then no longer keep
/// an honest client out; a check under way is never thrown away. An address whose idle connection was evicted in the last
/// <see cref="ChurnMemory"/> does not get to evict in turn: at a cap its newcomers are refused (5) at
/// once, which is cheap, so idle sockets reopened in a loop cannot turn every slot into an
/// accept-evict-close cycle, while a client from any other address still gets in. Also remembers
/// addresses whose connections broke the pre-login
/// rules (a first frame that is not a Login, no login in time) many times within a second: their new
/// connections are closed at accept for a second, before any session is made.
/// </summary>
internal sealed class ConnectionBudget(int maxUnauthenticated, int maxPerAddress = int.MaxValue, int violationsPerSecond = 20)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IPAddress, Violations> _violations = new();
    private readonly LinkedList<IAnonymousConnection> _anonymous = new();
    private readonly Dictionary<IPAddress, int> _perAddress = [];
    private readonly Dictionary<IPAddress, long> _evictedFrom = [];

    /// <summary>How long an address whose idle connection was evicted is refused at a cap instead of evicting in turn.</summary>
    public static readonly TimeSpan ChurnMemory = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private long _evicted;

    /// <summary>A connection from <paramref name="peer"/> broke the pre-login rules.</summary>
    public void RecordViolation(IPAddress? peer)
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
    public bool IsCoolingDown(IPAddress? peer) =>
        peer is not null && _violations.TryGetValue(peer, out var v) && Environment.TickCount64 < v.CoolUntil;

    private readonly record struct Violations(long WindowStart, int Count, long CoolUntil);

    /// <summary>Connections holding an anonymous slot now.</summary>
    public int Anonymous
    {
        get
        {
            lock (_gate)
            {
                return _anonymous.Count;
            }
        }
    }

    /// <summary>Anonymous connections evicted to make room for newer ones, since start.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>
    /// Gives <paramref name="connection"/> an anonymous slot, evicting the oldest evictable one (of its own address
    /// at the per-address cap) when a cap is reached; null when every slot is held by a check under way.
    /// </summary>
    /// <returns>The slot, to give back with <see cref="Release"/> (at login or at the end).</returns>
    public LinkedListNode<IAnonymousConnection>? TryAdmit(IAnonymousConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var peer = connection.Peer;
        lock (_gate)
        {
            var atAddressCap = peer is not null && _perAddress.GetValueOrDefault(peer) >= maxPerAddress;
            var atCap = _anonymous.Count >= maxUnauthenticated;
            if ((atAddressCap || atCap) && RecentlyEvicted(peer))
            {
                return null; // its idle sockets were just evicted: it does not get to evict others in a loop
            }

            if (atAddressCap && !EvictOldestIdle(peer))
            {
                return null;
            }

            if (_anonymous.Count >= maxUnauthenticated && !EvictOldestIdle(null))
            {
                return null;
            }

            if (peer is not null)
            {
                _perAddress[peer] = _perAddress.GetValueOrDefault(peer) + 1;
            }

            return _anonymous.AddLast(connection);
        }
    }

    /// <summary>Gives the slot back: the connection logged in, was evicted or ended.</summary>
    public void Release(LinkedListNode<IAnonymousConnection> slot)
    {
        ArgumentNullException.ThrowIfNull(slot);
        lock (_gate)
        {
            if (slot.List is null)
            {
                return;
            }

            _anonymous.Remove(slot);
            if (slot.Value.Peer is { } peer && _perAddress.TryGetValue(peer, out var count))
            {
                if (count <= 1)
                {
                    _perAddress.Remove(peer);
                }
                else
                {
                    _perAddress[peer] = count - 1;
                }
            }
        }
    }

    /// <summary>Whether an idle connection of <paramref name="peer"/> was evicted within <see cref="ChurnMemory"/>; under the gate.</summary>
    private bool RecentlyEvicted(IPAddress? peer) =>
        peer is not null && _evictedFrom.TryGetValue(peer, out var until) && Environment.TickCount64 < until;

    /// <summary>Notes an eviction of <paramref name="peer"/>'s connection (the table pruned of old entries as it grows); under the gate.</summary>
    private void RememberEviction(IPAddress? peer)
    {
        if (peer is null)
        {
            return;
        }

        var now = Environment.TickCount64;
        if (_evictedFrom.Count >= 4_096)
        {
            foreach (var (address, until) in _evictedFrom)
            {
                if (until <= now)
                {
                    _evictedFrom.Remove(address);
                }
            }

            if (_evictedFrom.Count >= 16_384)
            {
                _evictedFrom.Clear(); // more churning addresses than worth remembering: memory stays bounded, they may evict again
            }
        }

        _evictedFrom[peer] = now + (long)ChurnMemory.TotalMilliseconds;
    }

    /// <summary>Evicts the oldest connection (of <paramref name="peer"/>, or of anyone) that has not sent a Login; under the gate.</summary>
    private bool EvictOldestIdle(IPAddress? peer)
    {
        for (var node = _anonymous.First; node is not null; node = node.Next)
        {
            if ((peer is null || peer.Equals(node.Value.Peer)) && node.Value.TryEvict())
            {
                Interlocked.Increment(ref _evicted);
                RememberEviction(node.Value.Peer);
                Release(node); // the lock is re-entrant: the evicted connection's own release finds the slot gone
                return true;
            }
        }

        return false;
    }
}
