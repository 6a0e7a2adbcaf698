using Exchange.Protocol.MarketData;

namespace Exchange.Client;

/// <summary>
/// A client-side L2 book for one instrument, kept from a snapshot and the numbered increments that
/// follow it. A missing sequence number marks it stale; the client then asks for a fresh snapshot.
/// Safe to read from any thread (a lock guards it).
/// </summary>
public sealed class LocalBook(int instrument)
{
    private readonly object _gate = new();
    private readonly SortedDictionary<long, (long Quantity, uint Orders)> _bids = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<long, (long Quantity, uint Orders)> _asks = [];
    private bool _inSnapshot;

    /// <summary>The instrument this book follows.</summary>
    public int Instrument { get; } = instrument;

    /// <summary>The instrument sequence of the last change applied.</summary>
    public ulong Sequence { get; private set; }

    /// <summary>Whether a complete snapshot has been applied and no gap seen since (false while a new snapshot is arriving).</summary>
    public bool IsReady { get; private set; }

    /// <summary>Gaps detected (each one led to a new snapshot request).</summary>
    public int Gaps { get; private set; }

    /// <summary>The best <paramref name="depth"/> bid levels, best first.</summary>
    public IReadOnlyList<(long Price, long Quantity, uint Orders)> Bids(int depth) => Side(_bids, depth);

    /// <summary>The best <paramref name="depth"/> ask levels, best first.</summary>
    public IReadOnlyList<(long Price, long Quantity, uint Orders)> Asks(int depth) => Side(_asks, depth);

    /// <summary>Applies a market-data message; returns false when a gap means a new snapshot is needed.</summary>
    internal bool Apply(in BookLevel level)
    {
        lock (_gate)
        {
            if ((level.Flags & 1) != 0)
            {
                if (!_inSnapshot)
                {
                    _bids.Clear();
                    _asks.Clear();
                    _inSnapshot = true;
                    IsReady = false; // the levels are being replaced: not a whole book again until the snapshot's last frame
                }

                Set(level);
                if ((level.Flags & 2) != 0)
                {
                    _inSnapshot = false;
                    Sequence = level.InstrumentSequence;
                    IsReady = true;
                }

                return true;
            }

            var copy = level;
            return Advance(copy.InstrumentSequence, () => Set(copy));
        }
    }

    internal bool Apply(in PublicTrade trade)
    {
        lock (_gate)
        {
            return Advance(trade.InstrumentSequence, static () => { });
        }
    }

    private bool Advance(ulong sequence, Action apply)
    {
        if (!IsReady || _inSnapshot)
        {
            return true; // increments before the snapshot completes are covered by it
        }

        if (sequence <= Sequence)
        {
            return true; // already included
        }

        if (sequence != Sequence + 1)
        {
            IsReady = false;
            Gaps++;
            return false;
        }

        apply();
        Sequence = sequence;
        return true;
    }

    private void Set(in BookLevel level)
    {
        if (level.Side is not (1 or 2))
        {
            return;
        }

        var side = level.Side == 1 ? _bids : _asks;
        if (level.Quantity == 0)
        {
            side.Remove(level.Price);
        }
        else
        {
            side[level.Price] = (level.Quantity, level.Orders);
        }
    }

    private List<(long, long, uint)> Side(SortedDictionary<long, (long Quantity, uint Orders)> side, int depth)
    {
        lock (_gate)
        {
            var result = new List<(long, long, uint)>();
            foreach (var (price, level) in side)
            {
                if (result.Count == depth)
                {
                    break;
                }

                result.Add((price, level.Quantity, level.Orders));
            }

            return result;
        }
    }
}
