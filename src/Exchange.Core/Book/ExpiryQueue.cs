namespace Exchange.Core.Book;

/// <summary>
/// GTD and day orders by expire time, then order id: a binary min-heap whose orders remember
/// their slot (<see cref="Order.ExpiryIndex"/>), so a cancel or fill removes its order in
/// O(log n) and the engine finds what is due in O(1). The total order on (time, id) makes the
/// sequence of expiries independent of the heap's layout, so a state rebuilt from a snapshot
/// expires exactly as the original would.
/// </summary>
internal sealed class ExpiryQueue
{
    private Order[] _heap;
    private int _count;

    public ExpiryQueue(int initialCapacity) => _heap = new Order[Math.Max(initialCapacity, 4)];

    public int Count => _count;

    /// <summary>The earliest expire time queued, or <see cref="long.MaxValue"/> when none.</summary>
    public long NextTime => _count == 0 ? long.MaxValue : _heap[0].ExpireTime;

    public Order Peek() => _heap[0];

    public void Add(Order order)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _heap.Length * 2);
        }

        _heap[_count] = order;
        order.ExpiryIndex = _count;
        _count++;
        Up(order.ExpiryIndex);
    }

    public void Remove(Order order)
    {
        var index = order.ExpiryIndex;
        if (index < 0 || index >= _count || _heap[index] != order)
        {
            throw new InvalidOperationException($"Order {order.Id} is not in the expiry queue.");
        }

        order.ExpiryIndex = -1;
        var last = _heap[--_count];
        _heap[_count] = null!;
        if (index == _count)
        {
            return;
        }

        Place(last, index);
        Down(index);
        Up(last.ExpiryIndex);
    }

    private static bool Before(Order a, Order b) => a.ExpireTime != b.ExpireTime ? a.ExpireTime < b.ExpireTime : a.Id < b.Id;

    private void Place(Order order, int index)
    {
        _heap[index] = order;
        order.ExpiryIndex = index;
    }

    private void Up(int index)
    {
        var order = _heap[index];
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!Before(order, _heap[parent]))
            {
                break;
            }

            Place(_heap[parent], index);
            index = parent;
        }

        Place(order, index);
    }

    private void Down(int index)
    {
        var order = _heap[index];
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Before(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Before(_heap[child], order))
            {
                break;
            }

            Place(_heap[child], index);
            index = child;
        }

        Place(order, index);
    }
}
