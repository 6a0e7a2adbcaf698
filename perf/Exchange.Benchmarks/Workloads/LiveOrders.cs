using Exchange.Core.Events;
using Exchange.Core.Orders;

namespace Exchange.Benchmarks.Workloads;

/// <summary>The generator's view of which orders are resting, kept from the events, for picking cancel and replace targets.</summary>
internal sealed class LiveOrders
{
    public readonly record struct Entry(long OrderId, long Account, int Instrument, Side Side);

    private readonly Dictionary<int, List<Entry>> _byInstrument = [];
    private readonly Dictionary<long, (int Instrument, int Index)> _index = [];

    public int Count => _index.Count;

    public bool TryPick(Random random, int instrument, out Entry entry)
    {
        if (_byInstrument.TryGetValue(instrument, out var list) && list.Count > 0)
        {
            entry = list[random.Next(list.Count)];
            return true;
        }

        entry = default;
        return false;
    }

    public void Apply(ReadOnlySpan<Event> events)
    {
        foreach (ref readonly var e in events)
        {
            switch (e.Type)
            {
                case EventType.OrderAccepted when e.OrderType is not (OrderType.Stop or OrderType.StopLimit):
                    Add(new Entry(e.OrderId, e.AccountId, e.InstrumentId, e.Side));
                    break;
                case EventType.OrderTriggered:
                    Add(new Entry(e.OrderId, e.AccountId, e.InstrumentId, e.Side)); // now a market or limit order like any other
                    break;
                case EventType.TradeExecuted:
                    if (e.MakerLeaves == 0)
                    {
                        Remove(e.MakerOrderId);
                    }

                    if (e.Leaves == 0)
                    {
                        Remove(e.OrderId);
                    }

                    break;
                case EventType.OrderCanceled or EventType.OrderExpired:
                    Remove(e.OrderId);
                    break;
            }
        }
    }

    private void Add(Entry entry)
    {
        if (!_byInstrument.TryGetValue(entry.Instrument, out var list))
        {
            _byInstrument[entry.Instrument] = list = [];
        }

        _index[entry.OrderId] = (entry.Instrument, list.Count);
        list.Add(entry);
    }

    private void Remove(long orderId)
    {
        if (!_index.Remove(orderId, out var at))
        {
            return;
        }

        var list = _byInstrument[at.Instrument];
        var last = list[^1];
        list[at.Index] = last;
        list.RemoveAt(list.Count - 1);
        if (last.OrderId != orderId)
        {
            _index[last.OrderId] = (at.Instrument, at.Index);
        }
    }
}
