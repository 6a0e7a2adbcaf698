using Exchange.Core.Instruments;
using Exchange.Core.Book;
using Exchange.Core.Orders;
using Exchange.Core.Queries;

namespace Exchange.Core.Matching;

/// <summary>
/// Read-only queries, meant to run between two commands on the engine's thread (tooling,
/// snapshots of market data, tests). Depth fills a caller's span and allocates nothing; the
/// list-returning queries allocate and are for tooling only.
/// </summary>
public sealed partial class MatchingEngine
{
    /// <summary>Writes up to <c>levels.Length</c> best levels of one side; returns how many.</summary>
    public int GetDepth(int instrumentId, Side side, Span<DepthLevel> levels)
    {
        if (!_instruments.TryGetValue(instrumentId, out var instrument))
        {
            return 0;
        }

        var bookSide = instrument.Book.SideOf(side);
        var count = Math.Min(levels.Length, bookSide.LevelCount);
        for (var i = 0; i < count; i++)
        {
            var level = bookSide.LevelAt(i);
            levels[i] = new DepthLevel(level.Price, level.Displayed, level.OrderCount);
        }

        return count;
    }

    /// <summary>L3: the orders at one price, in time priority.</summary>
    public IReadOnlyList<OrderView> GetOrdersAtLevel(int instrumentId, Side side, long price)
    {
        var result = new List<OrderView>();
        if (_instruments.TryGetValue(instrumentId, out var instrument) && instrument.Book.SideOf(side).Find(price) is { } level)
        {
            for (var order = level.Head; order is not null; order = order.LevelNext)
            {
                result.Add(View(order));
            }
        }

        return result;
    }

    public bool TryGetOrder(long orderId, out OrderView view)
    {
        if (_orders.TryGetValue(orderId, out var order))
        {
            view = View(order);
            return true;
        }

        view = default;
        return false;
    }

    /// <summary>An account's open orders in acceptance order; empty for an unknown account.</summary>
    public IReadOnlyList<OrderView> GetOpenOrders(long accountId)
    {
        var result = new List<OrderView>();
        if (_accounts.TryGetValue(accountId, out var account))
        {
            for (var order = account.FirstOrder; order is not null; order = order.AccountNext)
            {
                result.Add(View(order));
            }
        }

        return result;
    }

    public BalanceView GetBalance(long accountId, int assetId) =>
        _accounts.TryGetValue(accountId, out var account) && assetId is > 0 and <= MaxAssetId
            ? new BalanceView(assetId, account.Available(assetId), account.Held(assetId))
            : new BalanceView(assetId, 0, 0);

    /// <summary>Every non-zero balance of an account, by asset id.</summary>
    public IReadOnlyList<BalanceView> GetBalances(long accountId)
    {
        var result = new List<BalanceView>();
        if (_accounts.TryGetValue(accountId, out var account))
        {
            for (var asset = 1; asset < account.AssetSlots; asset++)
            {
                var available = account.Available(asset);
                var held = account.Held(asset);
                if (available != 0 || held != 0)
                {
                    result.Add(new BalanceView(asset, available, held));
                }
            }
        }

        return result;
    }

    public bool TryGetInstrument(int instrumentId, out InstrumentView view)
    {
        if (_instruments.TryGetValue(instrumentId, out var instrument))
        {
            view = ViewOf(instrument);
            return true;
        }

        view = default;
        return false;
    }

    /// <summary>Every instrument, by id, with its status and the prices its band accepts now (reference data for clients).</summary>
    public IReadOnlyList<InstrumentView> GetInstruments()
    {
        var views = new List<InstrumentView>(_instruments.Count);
        foreach (var instrument in _instruments.Values)
        {
            views.Add(ViewOf(instrument));
        }

        views.Sort(static (a, b) => a.Spec.Id.CompareTo(b.Spec.Id));
        return views;
    }

    private static InstrumentView ViewOf(Instrument instrument)
    {
        var (low, high) = Band(instrument);
        return new InstrumentView(instrument.Spec, instrument.Status, instrument.LastTradePrice) { BandLow = low, BandHigh = high };
    }

    public bool AccountExists(long accountId) => _accounts.ContainsKey(accountId);

    /// <summary>Account ids in ascending order.</summary>
    public IReadOnlyList<long> GetAccountIds()
    {
        var ids = new List<long>(_accounts.Keys);
        ids.Sort();
        return ids;
    }

    /// <summary>Instrument ids in ascending order.</summary>
    public IReadOnlyList<int> GetInstrumentIds()
    {
        var ids = new List<int>(_instruments.Keys);
        ids.Sort();
        return ids;
    }

    /// <summary>Fees the exchange has collected in an asset.</summary>
    public long FeesCollected(int assetId) => _feesCollected[assetId];

    /// <summary>Deposits minus withdrawals of an asset: what all balances plus collected fees must add up to.</summary>
    public long TotalSupply(int assetId) => _supply[assetId];

    public int OpenOrderCount => _orders.Count;

    private static OrderView View(Order o) => new(
        o.Id, o.AccountId, o.ClientOrderId, o.InstrumentId, o.Side, o.OrderType, o.TimeInForce, o.SelfTradePrevention,
        o.PostOnly, o.Price, o.Quantity, o.Leaves, o.Filled, o.Held, o.Timestamp, o.StopPrice, o.DisplayQuantity, o.Shown, o.ExpireTime);
}
