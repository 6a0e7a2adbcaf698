using System.Buffers.Binary;
using System.Security.Cryptography;
using Exchange.Core.Accounts;
using Exchange.Core.Book;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;
using Exchange.Core.State;

namespace Exchange.Core.Matching;

/// <summary>
/// Canonical state encoding for snapshots and the state hash. Canonical means equal states give
/// equal bytes: instruments and accounts in id order, orders in account acceptance order, book
/// levels best first with their FIFO queues, balances trimmed of trailing zero slots. Pool sizes
/// and map capacities are not state and are not written. Version 2 added the stop, iceberg, expiry
/// and quote-amount fields of orders and the stop arrival counter; version 1 states still load
/// (their orders have none of those). The stop queues and the expiry heap are not written: they
/// are rebuilt from the orders, whose (stop price, arrival) and (expire time, id) orders are total.
/// </summary>
public sealed partial class MatchingEngine
{
    private const int StateMagic = 0x54535845; // "EXST" little-endian
    private const int StateVersion = 2;

    /// <summary>Serializes the whole state; call between commands.</summary>
    public byte[] SaveState()
    {
        var w = new StateWriter();
        w.Int(StateMagic);
        w.Int(StateVersion);
        w.Long(_nextOrderId);
        w.Long(_nextTradeId);
        w.Long(_lastSequence);
        w.Long(_lastTimestamp);
        w.Long(_nextStopPriority);
        WriteTrimmed(w, _feesCollected, _supply);

        var instrumentIds = GetInstrumentIds();
        w.Int(instrumentIds.Count);
        foreach (var id in instrumentIds)
        {
            var instrument = _instruments[id];
            var s = instrument.Spec;
            w.Int(s.Id);
            w.String(s.Symbol);
            w.Int(s.BaseAsset);
            w.Int(s.QuoteAsset);
            w.Long(s.TickSize);
            w.Long(s.LotSize);
            w.Long(s.MinQuantity);
            w.Long(s.MaxQuantity);
            w.Long(s.StartPrice);
            w.Long(s.PriceBandTicks);
            w.Long(s.PriceBandBps);
            w.Long(s.MakerFeeBps);
            w.Long(s.TakerFeeBps);
            w.Byte((byte)instrument.Status);
            w.Long(instrument.LastTradePrice);
        }

        var accountIds = GetAccountIds();
        w.Int(accountIds.Count);
        foreach (var id in accountIds)
        {
            var account = _accounts[id];
            w.Long(id);
            var slots = account.AssetSlots;
            while (slots > 0 && account.Available(slots - 1) == 0 && account.Held(slots - 1) == 0)
            {
                slots--;
            }

            w.Int(slots);
            for (var asset = 0; asset < slots; asset++)
            {
                w.Long(account.Available(asset));
                w.Long(account.Held(asset));
            }

            w.Int(account.OpenOrderCount);
            for (var o = account.FirstOrder; o is not null; o = o.AccountNext)
            {
                WriteOrder(w, o);
            }
        }

        // Book priority: for each instrument and side, levels best first, each level's FIFO of order ids.
        foreach (var id in instrumentIds)
        {
            var book = _instruments[id].Book;
            WriteSide(w, book.Bids);
            WriteSide(w, book.Asks);
        }

        return w.Written.ToArray();
    }

    /// <summary>
    /// A 64-bit fingerprint of the state: the first 8 bytes of SHA-256 over <see cref="SaveState"/>.
    /// Equal states share it; replay and recovery tests compare it.
    /// </summary>
    public ulong StateHash() => HashOf(SaveState());

    /// <summary>The state hash of bytes produced by <see cref="SaveState"/>.</summary>
    public static ulong HashOf(ReadOnlySpan<byte> state) => BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(state));

    /// <summary>Rebuilds an engine from <see cref="SaveState"/> bytes.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a state of a version this code reads, or are damaged.</exception>
    public static MatchingEngine LoadState(ReadOnlySpan<byte> state, MatchingEngineOptions? options = null)
    {
        var r = new StateReader(state);
        if (r.Int() != StateMagic)
        {
            throw new InvalidDataException("State: bad magic, not an engine state.");
        }

        var version = r.Int();
        if (version is not (1 or StateVersion))
        {
            throw new InvalidDataException($"State: format version {version} is not supported (this build reads {StateVersion}).");
        }

        var engine = new MatchingEngine(options);
        engine._nextOrderId = r.Long();
        engine._nextTradeId = r.Long();
        engine._lastSequence = r.Long();
        engine._lastTimestamp = r.Long();
        engine._nextStopPriority = version >= 2 ? r.Long() : 1;
        ReadTrimmed(ref r, engine._feesCollected, engine._supply);

        var instrumentCount = r.Count();
        for (var i = 0; i < instrumentCount; i++)
        {
            var spec = new InstrumentSpec(r.Int(), r.String(), r.Int(), r.Int(), r.Long(), r.Long(), r.Long(), r.Long(), r.Long(), r.Long(), r.Long(), r.Long(), r.Long());
            var instrument = new Instrument(spec, engine._options.LevelsPerSide)
            {
                Status = (InstrumentStatus)r.Byte(),
                LastTradePrice = r.Long(),
            };
            engine._instruments.Add(spec.Id, instrument);
        }

        var accountCount = r.Count();
        for (var i = 0; i < accountCount; i++)
        {
            var account = new Account(r.Long());
            engine._accounts.Add(account.Id, account);
            var slots = r.Count();
            for (var asset = 0; asset < slots; asset++)
            {
                account.Available(asset) = r.Long();
                account.Held(asset) = r.Long();
            }

            var orders = r.Count();
            for (var k = 0; k < orders; k++)
            {
                var order = engine.ReadOrder(ref r, version);
                account.AddOrder(order);
                if (order.ExpireTime != 0)
                {
                    engine._expiries.Add(order);
                }

                if (order.IsArmedStop)
                {
                    engine._instruments[order.InstrumentId].StopsOf(order.Side).Add(order);
                }
            }
        }

        // Books were written in ascending instrument id order.
        foreach (var id in engine.GetInstrumentIds())
        {
            var book = engine._instruments[id].Book;
            engine.ReadSide(ref r, book, Side.Buy);
            engine.ReadSide(ref r, book, Side.Sell);
        }

        if (!r.AtEnd)
        {
            throw new InvalidDataException("State: trailing bytes after the book section.");
        }

        engine._nextExpiry = engine._expiries.NextTime;
        return engine;
    }

    private static void WriteTrimmed(StateWriter w, long[] first, long[] second)
    {
        var slots = first.Length;
        while (slots > 0 && first[slots - 1] == 0 && second[slots - 1] == 0)
        {
            slots--;
        }

        w.Int(slots);
        for (var i = 0; i < slots; i++)
        {
            w.Long(first[i]);
            w.Long(second[i]);
        }
    }

    private static void ReadTrimmed(ref StateReader r, long[] first, long[] second)
    {
        var slots = r.Count();
        if (slots > first.Length)
        {
            throw new InvalidDataException($"State: {slots} asset slots exceed the maximum asset id.");
        }

        for (var i = 0; i < slots; i++)
        {
            first[i] = r.Long();
            second[i] = r.Long();
        }
    }

    private static void WriteOrder(StateWriter w, Order o)
    {
        w.Long(o.Id);
        w.Long(o.AccountId);
        w.Long(o.ClientOrderId);
        w.Int(o.InstrumentId);
        w.Byte((byte)o.Side);
        w.Byte((byte)o.OrderType);
        w.Byte((byte)o.TimeInForce);
        w.Byte((byte)o.SelfTradePrevention);
        w.Bool(o.PostOnly);
        w.Long(o.Price);
        w.Long(o.Quantity);
        w.Long(o.Leaves);
        w.Long(o.Filled);
        w.Long(o.Held);
        w.Long(o.Timestamp);
        w.Long(o.StopPrice);
        w.Long(o.ProtectionPrice);
        w.Long(o.StopPriority);
        w.Long(o.DisplayQuantity);
        w.Long(o.Visible);
        w.Long(o.ExpireTime);
        w.Long(o.QuoteAmount);
        w.Bool(o.Budgeted);
    }

    private Order ReadOrder(ref StateReader r, int version)
    {
        var o = _pool.Rent();
        o.Id = r.Long();
        o.AccountId = r.Long();
        o.ClientOrderId = r.Long();
        o.InstrumentId = r.Int();
        o.Side = (Side)r.Byte();
        o.OrderType = (OrderType)r.Byte();
        o.TimeInForce = (TimeInForce)r.Byte();
        o.SelfTradePrevention = (SelfTradePrevention)r.Byte();
        o.PostOnly = r.Bool();
        o.Price = r.Long();
        o.Quantity = r.Long();
        o.Leaves = r.Long();
        o.Filled = r.Long();
        o.Held = r.Long();
        o.Timestamp = r.Long();
        if (version >= 2)
        {
            o.StopPrice = r.Long();
            o.ProtectionPrice = r.Long();
            o.StopPriority = r.Long();
            o.DisplayQuantity = r.Long();
            o.Visible = r.Long();
            o.ExpireTime = r.Long();
            o.QuoteAmount = r.Long();
            o.Budgeted = r.Bool();
        }
        else
        {
            o.Budgeted = o.Side == Side.Buy && o.OrderType == OrderType.Market;
        }

        if (!_instruments.TryGetValue(o.InstrumentId, out var instrument) || !_orders.TryAdd(o.Id, o) || !_clientOrders.TryAdd(new ClientOrderKey(o.AccountId, o.ClientOrderId), o))
        {
            throw new InvalidDataException($"State: order {o.Id} is duplicated or names an unknown instrument.");
        }

        o.HoldAssetId = HoldAsset(o, instrument); // derived, not saved
        return o;
    }

    private static void WriteSide(StateWriter w, BookSide side)
    {
        w.Int(side.LevelCount);
        for (var depth = 0; depth < side.LevelCount; depth++)
        {
            var level = side.LevelAt(depth);
            w.Long(level.Price);
            w.Int(level.OrderCount);
            for (var o = level.Head; o is not null; o = o.LevelNext)
            {
                w.Long(o.Id);
            }
        }
    }

    private void ReadSide(ref StateReader r, OrderBook book, Side side)
    {
        var levels = r.Count();
        for (var i = 0; i < levels; i++)
        {
            var price = r.Long();
            var count = r.Count();
            for (var k = 0; k < count; k++)
            {
                var id = r.Long();
                if (!_orders.TryGetValue(id, out var order) || order.Side != side || order.Price != price || order.Level is not null)
                {
                    throw new InvalidDataException($"State: book entry {id} at {price} does not match a live order.");
                }

                book.Rest(order);
            }
        }
    }
}
