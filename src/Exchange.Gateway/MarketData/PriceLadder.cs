namespace Exchange.Gateway.MarketData;

/// <summary>
/// One side of a public book: price levels sorted best first in two parallel arrays. Books near the
/// touch change most, and a level insert or removal is one binary search and one short block move,
/// with no allocation once the arrays have grown to the book's depth (a sorted tree would allocate a
/// node per new level).
/// </summary>
/// <remarks>Keys are the price for asks and the negated price for bids, so ascending order is best first on both sides.</remarks>
internal sealed class PriceLadder
{
    private long[] _keys = new long[64];
    private long[] _quantities = new long[64];
    private int[] _orders = new int[64];

    public int Count { get; private set; }

    public long KeyAt(int index) => _keys[index];

    public long QuantityAt(int index) => _quantities[index];

    public int OrdersAt(int index) => _orders[index];

    /// <summary>Adds to a level (creating it); removes it when its quantity or order count reaches zero. Returns the new totals.</summary>
    public (long Quantity, int Orders) Change(long key, long quantity, int orders)
    {
        var index = Array.BinarySearch(_keys, 0, Count, key);
        if (index < 0)
        {
            index = ~index;
            if (quantity <= 0 || orders <= 0)
            {
                return (0, 0);
            }

            Insert(index, key);
        }

        var q = _quantities[index] + quantity;
        var o = _orders[index] + orders;
        if (q <= 0 || o <= 0)
        {
            RemoveAt(index);
            return (0, 0);
        }

        _quantities[index] = q;
        _orders[index] = o;
        return (q, o);
    }

    private void Insert(int index, long key)
    {
        if (Count == _keys.Length)
        {
            Array.Resize(ref _keys, Count * 2);
            Array.Resize(ref _quantities, Count * 2);
            Array.Resize(ref _orders, Count * 2);
        }

        var tail = Count - index;
        Array.Copy(_keys, index, _keys, index + 1, tail);
        Array.Copy(_quantities, index, _quantities, index + 1, tail);
        Array.Copy(_orders, index, _orders, index + 1, tail);
        _keys[index] = key;
        _quantities[index] = 0;
        _orders[index] = 0;
        Count++;
    }

    private void RemoveAt(int index)
    {
        var tail = Count - index - 1;
        Array.Copy(_keys, index + 1, _keys, index, tail);
        Array.Copy(_quantities, index + 1, _quantities, index, tail);
        Array.Copy(_orders, index + 1, _orders, index, tail);
        Count--;
    }
}
