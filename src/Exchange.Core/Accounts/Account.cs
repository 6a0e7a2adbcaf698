using Exchange.Core.Book;

namespace Exchange.Core.Accounts;

/// <summary>
/// A spot account: per asset an available and a held balance (held = reserved by open orders),
/// plus the intrusive list of its open orders in acceptance order, which makes mass cancel
/// deterministic and O(orders).
/// </summary>
internal sealed class Account
{
    private long[] _available;
    private long[] _held;

    public Account(long id)
    {
        Id = id;
        _available = new long[8];
        _held = new long[8];
    }

    public long Id { get; }

    public Order? FirstOrder;
    public Order? LastOrder;
    public int OpenOrderCount;

    /// <summary>One past the highest asset id this account has a slot for.</summary>
    public int AssetSlots => _available.Length;

    public ref long Available(int asset)
    {
        EnsureAsset(asset);
        return ref _available[asset];
    }

    public ref long Held(int asset)
    {
        EnsureAsset(asset);
        return ref _held[asset];
    }

    public void AddOrder(Order order)
    {
        order.Account = this;
        order.AccountNext = null;
        order.AccountPrev = LastOrder;
        if (LastOrder is null)
        {
            FirstOrder = order;
        }
        else
        {
            LastOrder.AccountNext = order;
        }

        LastOrder = order;
        OpenOrderCount++;
    }

    public void RemoveOrder(Order order)
    {
        if (order.AccountPrev is null)
        {
            FirstOrder = order.AccountNext;
        }
        else
        {
            order.AccountPrev.AccountNext = order.AccountNext;
        }

        if (order.AccountNext is null)
        {
            LastOrder = order.AccountPrev;
        }
        else
        {
            order.AccountNext.AccountPrev = order.AccountPrev;
        }

        order.Account = null;
        order.AccountPrev = order.AccountNext = null;
        OpenOrderCount--;
    }

    private void EnsureAsset(int asset)
    {
        if (asset >= _available.Length)
        {
            Grow(asset);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void Grow(int asset)
    {
        var size = Math.Max(asset + 1, _available.Length * 2);
        Array.Resize(ref _available, size);
        Array.Resize(ref _held, size);
    }
}
