using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Engine;
using Exchange.Gateway.Sessions;
using Exchange.Protocol.MarketData;

namespace Exchange.Gateway.MarketData;

/// <summary>
/// Market data fan-out: keeps the public books from the event stream (on the engine's publisher
/// thread), numbers every change per instrument, and encodes snapshots, increments and the top of
/// book straight into subscribed sessions' bounded queues, so a slow subscriber is cut off and never
/// slows the engine, and a message costs no allocation.
/// </summary>
public sealed class MarketDataHub : ISnapshotSink, IMarketDataListener
{
    /// <summary>Snapshot frame flag: part of a snapshot.</summary>
    public const byte SnapshotFlag = 1;

    /// <summary>Snapshot frame flag: the last frame of a snapshot.</summary>
    public const byte LastFlag = 2;

    private readonly object _gate = new();
    private readonly BookProjection _projection;
    private readonly Dictionary<int, InstrumentFeed> _feeds = [];

    /// <summary>The instruments the engine lists (from InstrumentAdded events): a subscription to another is refused.</summary>
    private readonly HashSet<int> _listed = [];

    /// <summary>Instruments whose book changed in the current command (their top of book may have moved).</summary>
    private readonly List<InstrumentFeed> _touched = [];

    public MarketDataHub() => _projection = new BookProjection(this);

    /// <summary>Per-instrument state: the change counter, the last top of book sent, the subscribers.</summary>
    private sealed class InstrumentFeed(int instrument)
    {
        public int Instrument { get; } = instrument;

        public ulong Sequence { get; set; }

        public bool Touched { get; set; }

        public TopOfBook LastTop { get; set; }

        public List<ClientSession> Subscribers { get; } = [];
    }

    /// <summary>The replies and market data the batch queued leave now, one write per session (<see cref="Sessions.PublisherSends"/>).</summary>
    public void OnBatchEnd() => Sessions.PublisherSends.FlushAll();

    public void OnEvent(in Event e, bool endOfBatch)
    {
        lock (_gate)
        {
            if (e.Type == EventType.InstrumentAdded)
            {
                _listed.Add(e.InstrumentId);
            }

            _projection.Apply(e, endOfBatch);
        }
    }

    /// <summary>Whether the engine lists the instrument.</summary>
    public bool IsListed(int instrument)
    {
        lock (_gate)
        {
            return _listed.Contains(instrument);
        }
    }

    /// <summary>Version 2 adds the listed instruments; a version 1 file is not read (the engine rebuilds from the journal).</summary>
    public string StateName => "market-data-2";

    /// <summary>The books and each instrument's change counter and last top of book, so the feed goes on numbering where it was.</summary>
    public byte[] SaveState()
    {
        lock (_gate)
        {
            _projection.EndCommand();
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer))
            {
                _projection.Save(writer);
                writer.Write(_feeds.Count);
                foreach (var feed in _feeds.Values)
                {
                    var top = feed.LastTop;
                    writer.Write(feed.Instrument);
                    writer.Write(feed.Sequence);
                    writer.Write(top.InstrumentSequence);
                    writer.Write(top.BidPrice);
                    writer.Write(top.BidQuantity);
                    writer.Write(top.AskPrice);
                    writer.Write(top.AskQuantity);
                }

                writer.Write(_listed.Count);
                foreach (var instrument in _listed)
                {
                    writer.Write(instrument);
                }
            }

            return buffer.ToArray();
        }
    }

    /// <summary>Subscriptions open now (a session subscribed to two instruments counts twice).</summary>
    public int SubscriptionCount()
    {
        lock (_gate)
        {
            var count = 0;
            foreach (var feed in _feeds.Values)
            {
                count += feed.Subscribers.Count;
            }

            return count;
        }
    }

    public void LoadState(ReadOnlyMemory<byte> state)
    {
        lock (_gate)
        {
            using var reader = new BinaryReader(new MemoryStream(state.ToArray()));
            _projection.Load(reader);
            _feeds.Clear();
            _touched.Clear();
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var feed = Feed(reader.ReadInt32());
                feed.Sequence = reader.ReadUInt64();
                feed.LastTop = new TopOfBook(reader.ReadUInt64(), (uint)feed.Instrument, 0, reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt64());
            }

            _listed.Clear();
            for (var listed = reader.ReadInt32(); listed > 0; listed--)
            {
                _listed.Add(reader.ReadInt32());
            }
        }
    }

    /// <summary>One instrument's feed as a subscriber would start from it: levels, change counter, last top of book (tests).</summary>
    internal (IReadOnlyList<(long Price, long Quantity, int Orders)> Bids, IReadOnlyList<(long Price, long Quantity, int Orders)> Asks, ulong Sequence, TopOfBook Top) View(int instrument, int depth)
    {
        lock (_gate)
        {
            var feed = Feed(instrument);
            return (_projection.Levels(instrument, Side.Buy, depth), _projection.Levels(instrument, Side.Sell, depth), feed.Sequence, feed.LastTop);
        }
    }

    void IMarketDataListener.OnLevel(int instrument, Side side, long price, long quantity, int orders)
    {
        var feed = Next(instrument);
        var message = new BookLevel(feed.Sequence, (uint)instrument, (byte)side, 0, 0, price, quantity, (uint)orders, 0);
        foreach (var session in feed.Subscribers)
        {
            session.Send(message);
        }
    }

    void IMarketDataListener.OnTrade(int instrument, long tradeId, Side aggressorSide, long price, long quantity, long timestamp)
    {
        var feed = Next(instrument);
        var message = new PublicTrade(feed.Sequence, (uint)instrument, (byte)aggressorSide, 0, 0, (ulong)tradeId, price, quantity, timestamp);
        foreach (var session in feed.Subscribers)
        {
            session.Send(message);
        }
    }

    /// <summary>After each command: a TopOfBook to the subscribers of every instrument whose best bid or offer moved.</summary>
    void IMarketDataListener.OnCommandEnd()
    {
        foreach (var feed in _touched)
        {
            feed.Touched = false;
            var top = CurrentTop(feed);
            if (top with { InstrumentSequence = feed.LastTop.InstrumentSequence } == feed.LastTop)
            {
                continue;
            }

            feed.LastTop = top;
            foreach (var session in feed.Subscribers)
            {
                session.Send(top);
            }
        }

        _touched.Clear();
    }

    /// <summary>
    /// Sends a snapshot (numbered with the instrument's current sequence) and the top of book, then
    /// every change after it.
    /// </summary>
    internal void Subscribe(ClientSession session, int instrument, int depth)
    {
        lock (_gate)
        {
            var feed = Feed(instrument);
            foreach (var side in (ReadOnlySpan<Side>)[Side.Buy, Side.Sell])
            {
                foreach (var (price, quantity, orders) in _projection.Levels(instrument, side, depth))
                {
                    session.Send(new BookLevel(feed.Sequence, (uint)instrument, (byte)side, SnapshotFlag, 0, price, quantity, (uint)orders, 0));
                }
            }

            // The last frame says "snapshot complete"; an empty book is one frame with no side.
            session.Send(new BookLevel(feed.Sequence, (uint)instrument, 0, SnapshotFlag | LastFlag, 0, 0, 0, 0, 0));
            session.Send(CurrentTop(feed));
            if (!feed.Subscribers.Contains(session))
            {
                feed.Subscribers.Add(session);
            }
        }
    }

    /// <summary>
    /// Stops one instrument's feed to <paramref name="session"/>, or every feed (instrument 0: an Unsubscribe of all,
    /// or the session's end). No more increments; a later Subscribe starts with a fresh snapshot.
    /// </summary>
    internal void Unsubscribe(ClientSession session, int instrument = 0)
    {
        lock (_gate)
        {
            if (instrument != 0)
            {
                if (_feeds.TryGetValue(instrument, out var one))
                {
                    one.Subscribers.Remove(session);
                }

                return;
            }

            foreach (var feed in _feeds.Values)
            {
                feed.Subscribers.Remove(session);
            }
        }
    }

    private TopOfBook CurrentTop(InstrumentFeed feed)
    {
        var (bid, bidQuantity) = _projection.Best(feed.Instrument, Side.Buy);
        var (ask, askQuantity) = _projection.Best(feed.Instrument, Side.Sell);
        return new TopOfBook(feed.Sequence, (uint)feed.Instrument, 0, bid, bidQuantity, ask, askQuantity);
    }

    /// <summary>Called under the lock, from the projection: numbers the next change and marks the instrument touched.</summary>
    private InstrumentFeed Next(int instrument)
    {
        var feed = Feed(instrument);
        feed.Sequence++;
        if (!feed.Touched)
        {
            feed.Touched = true;
            _touched.Add(feed);
        }

        return feed;
    }

    private InstrumentFeed Feed(int instrument)
    {
        if (!_feeds.TryGetValue(instrument, out var feed))
        {
            _feeds[instrument] = feed = new InstrumentFeed(instrument);
        }

        return feed;
    }
}
