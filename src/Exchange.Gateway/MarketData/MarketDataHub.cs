using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Engine;
using Exchange.Gateway.Sessions;
using Exchange.Protocol.Framing;
using Exchange.Protocol.MarketData;

namespace Exchange.Gateway.MarketData;

/// <summary>
/// Market data fan-out: keeps the public books from the event stream (on the engine's publisher
/// thread), numbers every change per instrument, and sends snapshots and increments to subscribed
/// sessions through their bounded queues, so a slow subscriber is cut off and never slows the engine.
/// </summary>
public sealed class MarketDataHub : IEventSink, IMarketDataListener
{
    /// <summary>Snapshot frame flag: part of a snapshot.</summary>
    public const byte SnapshotFlag = 1;

    /// <summary>Snapshot frame flag: the last frame of a snapshot.</summary>
    public const byte LastFlag = 2;

    private readonly object _gate = new();
    private readonly BookProjection _projection;
    private readonly Dictionary<int, ulong> _sequences = [];
    private readonly Dictionary<int, List<ClientSession>> _subscribers = [];

    public MarketDataHub() => _projection = new BookProjection(this);

    public void OnEvent(in Event e, bool endOfBatch)
    {
        lock (_gate)
        {
            _projection.Apply(e, endOfBatch);
        }
    }

    void IMarketDataListener.OnLevel(int instrument, Side side, long price, long quantity, int orders) =>
        Publish(instrument, sequence => FrameCodec.ToArray(new BookLevel(sequence, (uint)instrument, (byte)side, 0, 0, price, quantity, (uint)orders, 0)));

    void IMarketDataListener.OnTrade(int instrument, long tradeId, Side aggressorSide, long price, long quantity, long timestamp) =>
        Publish(instrument, sequence => FrameCodec.ToArray(new PublicTrade(sequence, (uint)instrument, (byte)aggressorSide, 0, 0, (ulong)tradeId, price, quantity, timestamp)));

    /// <summary>Sends a snapshot (numbered with the instrument's current sequence) and then every change after it.</summary>
    internal void Subscribe(ClientSession session, int instrument, int depth)
    {
        lock (_gate)
        {
            var sequence = _sequences.GetValueOrDefault(instrument);
            var frames = new List<byte[]>();
            foreach (var side in new[] { Side.Buy, Side.Sell })
            {
                foreach (var (price, quantity, orders) in _projection.Levels(instrument, side, depth))
                {
                    frames.Add(FrameCodec.ToArray(new BookLevel(sequence, (uint)instrument, (byte)side, SnapshotFlag, 0, price, quantity, (uint)orders, 0)));
                }
            }

            // The last frame says "snapshot complete"; an empty book is one frame with no side.
            frames.Add(FrameCodec.ToArray(new BookLevel(sequence, (uint)instrument, 0, SnapshotFlag | LastFlag, 0, 0, 0, 0, 0)));
            foreach (var frame in frames)
            {
                session.Enqueue(frame);
            }

            if (!_subscribers.TryGetValue(instrument, out var list))
            {
                _subscribers[instrument] = list = [];
            }

            if (!list.Contains(session))
            {
                list.Add(session);
            }
        }
    }

    internal void Unsubscribe(ClientSession session)
    {
        lock (_gate)
        {
            foreach (var list in _subscribers.Values)
            {
                list.Remove(session);
            }
        }
    }

    /// <summary>Called under the lock, from the projection.</summary>
    private void Publish(int instrument, Func<ulong, byte[]> build)
    {
        var sequence = _sequences.GetValueOrDefault(instrument) + 1;
        _sequences[instrument] = sequence;
        if (!_subscribers.TryGetValue(instrument, out var list) || list.Count == 0)
        {
            return;
        }

        var frame = build(sequence);
        foreach (var session in list)
        {
            session.Enqueue(frame);
        }
    }
}
