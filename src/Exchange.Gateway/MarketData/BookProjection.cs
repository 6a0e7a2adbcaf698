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
/// command's events start or the publisher reaches the end of a batch. Stops are not on the book
/// until they fire: their acceptance and replaces are ignored, and an <see cref="EventType.OrderTriggered"/>
/// starts a new aggressor like an acceptance (the previous one of the command has finished by then).
/// Icebergs count with their shown slice only; the projection follows the engine's refill rule
/// (a slice traded away is followed by the next one, of at most the display size).
/// </remarks>
public sealed class BookProjection
{
    private readonly Dictionary<long, RestingOrder> _orders = [];
    private readonly Dictionary<int, InstrumentBook> _books = [];
    private readonly IMarketDataListener _listener;
    private readonly Stack<RestingOrder> _free = new();
    private RestingOrder? _pending;
    private long _lastSequence;

    public BookProjection(IMarketDataListener listener) => _listener = listener;

    /// <summary>Pooled: one object per order on the book, reused after the order leaves it.</summary>
    private sealed class RestingOrder
    {
        public long Id { get; set; }

        public int Instrument { get; set; }

        public Side Side { get; set; }

        public long Price { get; set; }

        public long Leaves { get; set; }

        /// <summary>Icebergs: the slice size; 0 for an order shown whole.</summary>
        public long Display { get; set; }

        /// <summary>What the book shows of the order: <see cref="Leaves"/>, or an iceberg's current slice.</summary>
        public long Shown { get; set; }

        public bool Done { get; set; }
    }

    private RestingOrder Rent(long id, int instrument, Side side, long price, long leaves, long display)
    {
        var order = _free.Count > 0 ? _free.Pop() : new RestingOrder();
        order.Id = id;
        order.Instrument = instrument;
        order.Side = side;
        order.Price = price;
        order.Leaves = leaves;
        order.Display = display;
        order.Shown = 0;
        order.Done = false;
        return order;
    }

    public void Apply(in Event e, bool endOfBatch)
    {
        if (e.Sequence != _lastSequence)
        {
            // The previous command's events are all in: settle its order and report its end.
            SettlePending();
            _listener.OnCommandEnd();
            _lastSequence = e.Sequence;
        }

        switch (e.Type)
        {
            case EventType.OrderAccepted when e.OrderType is not (OrderType.Stop or OrderType.StopLimit):
                _pending = Rent(e.OrderId, e.InstrumentId, e.Side, e.Price, e.Quantity, e.DisplayQuantity);
                break;
            case EventType.OrderTriggered:
                SettlePending();
                _pending = Rent(e.OrderId, e.InstrumentId, e.Side, e.Price, e.Leaves, e.DisplayQuantity);
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
                else if (_orders.TryGetValue(e.OrderId, out var reduced))
                {
                    SetOpen(reduced, e.Leaves, reduced.Display == 0 ? e.Leaves : Math.Min(reduced.Shown, e.Leaves));
                }

                break;
            case EventType.OrderReplaced when e.OrderType is not (OrderType.Stop or OrderType.StopLimit):
                Replace(e);
                break;
        }

        if (endOfBatch)
        {
            EndCommand();
        }
    }

    /// <summary>Ends the current command as the end of a batch would (a snapshot is taken at a command boundary).</summary>
    public void EndCommand()
    {
        SettlePending();
        _listener.OnCommandEnd();
        _lastSequence = 0;
    }

    /// <summary>Writes every resting order (the levels follow from them); call after <see cref="EndCommand"/>.</summary>
    public void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_orders.Count);
        foreach (var order in _orders.Values)
        {
            writer.Write(order.Id);
            writer.Write(order.Instrument);
            writer.Write((byte)order.Side);
            writer.Write(order.Price);
            writer.Write(order.Leaves);
            writer.Write(order.Display);
            writer.Write(order.Shown);
        }
    }

    /// <summary>Replaces the books with the saved orders, rebuilding the levels without telling the listener (nothing changed).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // runs once, at start-up, over every kept frame: no time to tier up
    public void Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _orders.Clear();
        _books.Clear();
        _pending = null;
        _lastSequence = 0;
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            var order = Rent(reader.ReadInt64(), reader.ReadInt32(), (Side)reader.ReadByte(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
            order.Shown = reader.ReadInt64();
            _orders[order.Id] = order;
            Ladder(order).Change(order.Side == Side.Buy ? -order.Price : order.Price, order.Shown, 1);
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
        var count = Math.Min(depth, levels.Count);
        var result = new List<(long, long, int)>(count);
        for (var i = 0; i < count; i++)
        {
            result.Add((side == Side.Buy ? -levels.KeyAt(i) : levels.KeyAt(i), levels.QuantityAt(i), levels.OrdersAt(i)));
        }

        return result;
    }

    /// <summary>The best level of one side: price 0 and quantity 0 when the side is empty.</summary>
    public (long Price, long Quantity) Best(int instrument, Side side)
    {
        if (!_books.TryGetValue(instrument, out var book))
        {
            return (0, 0);
        }

        var levels = side == Side.Buy ? book.Bids : book.Asks;
        if (levels.Count == 0)
        {
            return (0, 0);
        }

        return (side == Side.Buy ? -levels.KeyAt(0) : levels.KeyAt(0), levels.QuantityAt(0));
    }

    private bool IsPending(long orderId) => _pending is not null && _pending.Id == orderId;

    private void SettlePending()
    {
        var order = _pending;
        _pending = null;
        if (order is null)
        {
            return;
        }

        if (order.Done || order.Leaves <= 0 || order.Price <= 0)
        {
            _free.Push(order);
            return;
        }

        order.Shown = order.Display == 0 ? order.Leaves : Math.Min(order.Display, order.Leaves);
        _orders[order.Id] = order;
        Change(order, order.Price, order.Shown, +1);
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
            // Keeps its place: only the open quantity (and an iceberg's slice with it) falls.
            SetOpen(order, e.Leaves, order.Display == 0 ? e.Leaves : Math.Min(order.Shown, e.Leaves));
            return;
        }

        // Leaves the book and comes back as an aggressor that may trade before it rests again.
        var display = order.Display;
        Remove(order.Id);
        _pending = Rent(e.OrderId, order.Instrument, order.Side, e.Price, e.Leaves, display);
    }

    /// <summary>A resting order traded: its slice falls, and an iceberg whose slice is gone shows its next one.</summary>
    private void Fill(long orderId, long quantity)
    {
        if (!_orders.TryGetValue(orderId, out var order))
        {
            return;
        }

        var leaves = order.Leaves - quantity;
        var shown = order.Shown - quantity;
        if (order.Display != 0 && shown == 0 && leaves > 0)
        {
            shown = Math.Min(order.Display, leaves);
        }

        SetOpen(order, leaves, order.Display == 0 ? leaves : shown);
    }

    /// <summary>Sets a resting order's open and shown quantities, removing it when nothing is left open.</summary>
    private void SetOpen(RestingOrder order, long leaves, long shown)
    {
        if (leaves <= 0)
        {
            _orders.Remove(order.Id);
            Change(order, order.Price, -order.Shown, -1);
            _free.Push(order);
            return;
        }

        var delta = shown - order.Shown;
        order.Leaves = leaves;
        order.Shown = shown;
        if (delta != 0)
        {
            Change(order, order.Price, delta, 0);
        }
    }

    private void Remove(long orderId)
    {
        if (_orders.Remove(orderId, out var order))
        {
            Change(order, order.Price, -order.Shown, -1);
            _free.Push(order);
        }
    }

    private void Change(RestingOrder order, long price, long quantity, int orders)
    {
        // Bids are keyed by the negated price so that both sides iterate best first.
        var key = order.Side == Side.Buy ? -price : price;
        var (total, count) = Ladder(order).Change(key, quantity, orders);
        _listener.OnLevel(order.Instrument, order.Side, price, total, count);
    }

    private PriceLadder Ladder(RestingOrder order)
    {
        if (!_books.TryGetValue(order.Instrument, out var book))
        {
            _books[order.Instrument] = book = new InstrumentBook();
        }

        return order.Side == Side.Buy ? book.Bids : book.Asks;
    }

    private sealed class InstrumentBook
    {
        public PriceLadder Bids { get; } = new();

        public PriceLadder Asks { get; } = new();
    }
}
