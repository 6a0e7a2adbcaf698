using System.Buffers.Binary;
using Exchange.Core.Events;
using Exchange.Core.Orders;

namespace Exchange.Gateway.Replies;

/// <summary>
/// One account's balances and open orders, folded from the engine's events on the publisher thread,
/// so balance and open-order queries are answered in the gateway instead of on the business-logic
/// thread. Kept beside the account's reply stream and changed under the same lock as each reply is
/// numbered, so an answer reflects exactly the replies numbered before it. No allocation per event
/// once warm: the dictionaries hold structs and reuse their freed entries.
/// </summary>
internal sealed class AccountView
{
    private readonly Dictionary<int, (long Available, long Held)> _balances = [];
    private readonly Dictionary<long, OpenOrder> _orders = [];

    /// <summary>Applies one event of this account (the maker's side of a fill comes as <see cref="OnMakerFill"/>).</summary>
    public void Apply(in Event e)
    {
        switch (e.Type)
        {
            case EventType.BalanceChanged:
                _balances[e.AssetId] = (e.Available, e.Held);
                return;
            case EventType.OrderAccepted or EventType.OrderReplaced or EventType.OrderTriggered:
                _orders[e.OrderId] = OpenOrder.From(e);
                break;
            case EventType.OrderReduced when _orders.TryGetValue(e.OrderId, out var reduced):
                _orders[e.OrderId] = reduced with { Quantity = reduced.Quantity - e.Quantity, Leaves = e.Leaves }; // Quantity: the amount taken off
                break;
            case EventType.TradeExecuted:
                Fill(e.OrderId, e.Leaves);
                break;
            case EventType.OrderCanceled or EventType.OrderExpired:
                _orders.Remove(e.OrderId);
                break;
            default:
                return;
        }

        if (e.AssetId != 0)
        {
            _balances[e.AssetId] = (e.Available, e.Held); // the hold asset's balance after the order event
        }
    }

    public void OnMakerFill(long orderId, long leaves) => Fill(orderId, leaves);

    private void Fill(long orderId, long leaves)
    {
        if (leaves == 0)
        {
            _orders.Remove(orderId);
        }
        else if (_orders.TryGetValue(orderId, out var order))
        {
            _orders[orderId] = order with { Leaves = leaves };
        }
    }

    /// <summary>Every non-zero balance, by asset id (what the engine's balance query returns).</summary>
    public List<(int Asset, long Available, long Held)> Balances()
    {
        var result = new List<(int Asset, long Available, long Held)>();
        foreach (var (asset, (available, held)) in _balances)
        {
            if (available != 0 || held != 0)
            {
                result.Add((asset, available, held));
            }
        }

        result.Sort(static (a, b) => a.Asset.CompareTo(b.Asset));
        return result;
    }

    /// <summary>The open orders (on one instrument, or all with 0), oldest first.</summary>
    public List<OpenOrder> Orders(int instrument)
    {
        var result = new List<OpenOrder>();
        foreach (var (_, order) in _orders)
        {
            if (instrument == 0 || order.Instrument == instrument)
            {
                result.Add(order);
            }
        }

        result.Sort(static (a, b) => a.OrderId.CompareTo(b.OrderId));
        return result;
    }

    /// <summary>Balances, then orders, each with a count: what a snapshot keeps of the view.</summary>
    public int SavedSize => 8 + (_balances.Count * 20) + (_orders.Count * OpenOrder.Size);

    public int Save(Span<byte> to)
    {
        BinaryPrimitives.WriteInt32LittleEndian(to, _balances.Count);
        var at = 4;
        foreach (var (asset, (available, held)) in _balances)
        {
            BinaryPrimitives.WriteInt32LittleEndian(to[at..], asset);
            BinaryPrimitives.WriteInt64LittleEndian(to[(at + 4)..], available);
            BinaryPrimitives.WriteInt64LittleEndian(to[(at + 12)..], held);
            at += 20;
        }

        BinaryPrimitives.WriteInt32LittleEndian(to[at..], _orders.Count);
        at += 4;
        foreach (var (_, order) in _orders)
        {
            order.Write(to[at..]);
            at += OpenOrder.Size;
        }

        return at;
    }

    public int Load(ReadOnlySpan<byte> from)
    {
        _balances.Clear();
        _orders.Clear();
        var count = BinaryPrimitives.ReadInt32LittleEndian(from);
        var at = 4;
        for (var i = 0; i < count; i++, at += 20)
        {
            _balances[BinaryPrimitives.ReadInt32LittleEndian(from[at..])] = (BinaryPrimitives.ReadInt64LittleEndian(from[(at + 4)..]), BinaryPrimitives.ReadInt64LittleEndian(from[(at + 12)..]));
        }

        count = BinaryPrimitives.ReadInt32LittleEndian(from[at..]);
        at += 4;
        for (var i = 0; i < count; i++, at += OpenOrder.Size)
        {
            var order = OpenOrder.Read(from[at..]);
            _orders[order.OrderId] = order;
        }

        return at;
    }
}
