namespace Exchange.Benchmarks.Matching;

/// <summary>
/// The textbook .NET order book (SortedDictionary of LinkedLists plus an id map): the baseline the
/// engine's book is compared with in the same run.
/// </summary>
internal sealed class NaiveOrderBook
{
    private readonly SortedDictionary<long, LinkedList<long>> _bids = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));
    private readonly Dictionary<long, (long Price, LinkedListNode<long> Node)> _orders = [];

    public void Add(long orderId, long price)
    {
        if (!_bids.TryGetValue(price, out var level))
        {
            _bids[price] = level = new LinkedList<long>();
        }

        _orders[orderId] = (price, level.AddLast(orderId));
    }

    public void Cancel(long orderId)
    {
        if (_orders.Remove(orderId, out var entry))
        {
            var level = _bids[entry.Price];
            level.Remove(entry.Node);
            if (level.Count == 0)
            {
                _bids.Remove(entry.Price);
            }
        }
    }
}
