namespace Exchange.Core.Book;

/// <summary>
/// The armed stops of one side of one instrument, in trigger order: buy stops lowest stop price
/// first, sell stops highest first, ties by <see cref="Order.StopPriority"/> (arrival). A sorted
/// array with the next stop to trigger at the end, so peeking and popping are O(1) and adding or
/// removing is a binary search and a short move. It grows by doubling and never shrinks, so a
/// steady population of stops allocates nothing.
/// </summary>
internal sealed class StopQueue
{
    private readonly bool _isBuy;
    private Order[] _items;
    private int _count;

    public StopQueue(bool isBuy, int initialCapacity)
    {
        _isBuy = isBuy;
        _items = new Order[Math.Max(initialCapacity, 4)];
    }

    public int Count => _count;

    /// <summary>The stop that triggers first, if any.</summary>
    public Order? Next => _count == 0 ? null : _items[_count - 1];

    /// <summary>Whether a last trade at <paramref name="lastPrice"/> fires a stop at <paramref name="stopPrice"/>.</summary>
    public bool Fires(long stopPrice, long lastPrice) => _isBuy ? lastPrice >= stopPrice : lastPrice <= stopPrice;

    public void Add(Order order)
    {
        var index = IndexOf(order);
        var insertAt = ~index;
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        Array.Copy(_items, insertAt, _items, insertAt + 1, _count - insertAt);
        _items[insertAt] = order;
        _count++;
    }

    public void Remove(Order order)
    {
        var index = _count > 0 && _items[_count - 1] == order ? _count - 1 : IndexOf(order);
        if (index < 0 || _items[index] != order)
        {
            throw new InvalidOperationException($"Stop {order.Id} is not in its queue.");
        }

        Array.Copy(_items, index + 1, _items, index, _count - index - 1);
        _items[--_count] = null!;
    }

    /// <summary>Whether <paramref name="a"/> triggers before <paramref name="b"/>.</summary>
    private bool TriggersBefore(Order a, Order b)
    {
        if (a.StopPrice != b.StopPrice)
        {
            return _isBuy ? a.StopPrice < b.StopPrice : a.StopPrice > b.StopPrice;
        }

        return a.StopPriority < b.StopPriority;
    }

    /// <summary>Binary search of an array sorted last-to-trigger first; the index, or the complement of the insertion point.</summary>
    private int IndexOf(Order order)
    {
        int lo = 0, hi = _count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var item = _items[mid];
            if (item == order)
            {
                return mid;
            }

            if (TriggersBefore(order, item))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }
}
