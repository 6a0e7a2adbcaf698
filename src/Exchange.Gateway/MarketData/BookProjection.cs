using Exchange.Core.Events;
using Exchange.Core.Orders;

namespace Exchange.Gateway.MarketData;

/// <summary>
/// The public L2 book of every instrument, rebuilt from the engine's events outside the business
/// logic thread (a CQRS read model). It follows each resting order's price and open quantity, so
/// it can tell which level every fill, cancel, replace or reduction changes, and it reports each
/// changed level and each trade to a listener.
/// </summary>
/// <remarks>
/// An accepted order rests only if its command ends with open quantity and no expiry or cancel
/// (IOC, FOK and market remainders always end in one), so the decision is taken when the next
/// command's events start or the publisher reaches the end of a batch.
/// </remarks>
public sealed class BookProjection
{
    private readonly Dictionary<long, RestingOrder> _orders = [];
    private readonly Dictionary<int, InstrumentBook> _books = [];
    private readonly IMarketDataListener _listener;
    private RestingOrder? _pending;
    private long _pendingSequence;

    public BookProjection(IMarketDataListener listener) => _listener = listener;

    private sealed class RestingOrder(long id, int instrument, Side side, long price, long leaves)
    {
        public long Id { get; } = id;

        public int Instrument { get; } = instrument;

        public Side Side { get; } = side;

        public long Price { get; set; } = price;

        public long Leaves { get; set; } = leaves;

        public bool Done { get; set; }
    }

    public void Apply(in Event e, bool endOfBatch)
    {
        if (_pending is not null && e.Sequence != _pendingSequence)
        {
            SettlePending();
        }

        switch (e.Type)
        {
            case EventType.OrderAccepted:
                _pending = new RestingOrder(e.OrderId, e.InstrumentId, e.Side, e.Price, e.Quantity);
                _pendingSequence = e.Sequence;
                break;
            case EventType.TradeExecuted:
                // The trade print first, then the level it consumed.
                _listener.OnTrade(e.InstrumentId, e.TradeId, e.Side, e.Price, e.Quantity, e.Timestamp);
                Fill(e.MakerOrderId, e.Quantity);
                if (IsPending(e.OrderId))
                {
                    _pending!.Leaves = e.Leaves;
                }

                break;
            case EventType.OrderCanceled or EventType.OrderExpired:
                if (IsPending(e.OrderId))
                {
                    _pending!.Done = true;
                }
                else
                {
                    Remove(e.OrderId);
                }

                break;
            case EventType.OrderReduced:
                if (IsPending(e.OrderId))
                {
                    _pending!.Leaves = e.Leaves;
                }
                else
                {
                    Fill(e.OrderId, e.Quantity);
                }

                break;
            case EventType.OrderReplaced:
                Replace(e);
                break;
        }

        if (endOfBatch)
        {
            SettlePending();
        }
    }

    /// <summary>The best <paramref name="depth"/> levels of one side, best first.</summary>
    public IReadOnlyList<(long Price, long Quantity, int Orders)> Levels(int instrument, Side side, int depth)
    {
        if (!_books.TryGetValue(instrument, out var book))
        {
            return [];
        }

        var levels = side == Side.Buy ? book.Bids : book.Asks;
        var result = new List<(long, long, int)>(Math.Min(depth, levels.Count));
        foreach (var (price, level) in levels)
        {
            if (result.Count == depth)
            {
                break;
            }

            result.Add((side == Side.Buy ? -price : price, level.Quantity, level.Orders));
        }

        return result;
    }

    private bool IsPending(long orderId) => _pending is not null && _pending.Id == orderId;

    private void SettlePending()
    {
        var order = _pending;
        _pending = null;
        if (order is null || order.Done || order.Leaves <= 0 || order.Price <= 0)
        {
            return;
        }

        _orders[order.Id] = order;
        Change(order, order.Price, order.Leaves, +1);
    }

    private void Replace(in Event e)
    {
        if (IsPending(e.OrderId))
        {
            _pending!.Price = e.Price;
            _pending.Leaves = e.Leaves;
            return;
        }

        if (!_orders.TryGetValue(e.OrderId, out var order))
        {
            return;
        }

        if (order.Price == e.Price && e.Leaves <= order.Leaves)
        {
            // Keeps its place: only the open quantity falls.
            Change(order, order.Price, e.Leaves - order.Leaves, 0);
            order.Leaves = e.Leaves;
            return;
        }

        // Leaves the book and comes back as an aggressor that may trade before it rests again.
        Remove(order.Id);
        _pending = new RestingOrder(order.Id, order.Instrument, order.Side, e.Price, e.Leaves);
        _pendingSequence = e.Sequence;
    }

    private void Fill(long orderId, long quantity)
    {
        if (!_orders.TryGetValue(orderId, out var order))
        {
            return;
        }

        order.Leaves -= quantity;
        if (order.Leaves <= 0)
        {
            _orders.Remove(orderId);
            Change(order, order.Price, -quantity, -1);
        }
        else
        {
            Change(order, order.Price, -quantity, 0);
        }
    }

    private void Remove(long orderId)
    {
        if (_orders.Remove(orderId, out var order))
        {
            Change(order, order.Price, -order.Leaves, -1);
        }
    }

    private void Change(RestingOrder order, long price, long quantity, int orders)
    {
        if (!_books.TryGetValue(order.Instrument, out var book))
        {
            _books[order.Instrument] = book = new InstrumentBook();
        }

        // Bids are keyed by the negated price so that both sides iterate best first.
        var levels = order.Side == Side.Buy ? book.Bids : book.Asks;
        var key = order.Side == Side.Buy ? -price : price;
        levels.TryGetValue(key, out var level);
        level = new Level(level.Quantity + quantity, level.Orders + orders);
        if (level.Orders <= 0 || level.Quantity <= 0)
        {
            levels.Remove(key);
            level = default;
        }
        else
        {
            levels[key] = level;
        }

        _listener.OnLevel(order.Instrument, order.Side, price, level.Quantity, level.Orders);
    }

    private readonly record struct Level(long Quantity, int Orders);

    private sealed class InstrumentBook
    {
        public SortedDictionary<long, Level> Bids { get; } = [];

        public SortedDictionary<long, Level> Asks { get; } = [];
    }
}
