using System.Numerics;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;

namespace Exchange.Core.Tests.Reference;

/// <summary>
/// A deliberately simple model of the exchange's rules, written for clarity, not speed: one list
/// of live orders, linear scans and LINQ, BigInteger arithmetic. The property tests feed it and the
/// real engine the same commands and require identical events.
/// </summary>
internal sealed class ReferenceExchange
{
    private sealed class Inst(InstrumentSpec spec)
    {
        public InstrumentSpec Spec { get; } = spec;
        public bool Halted { get; set; }
        public long LastTrade { get; set; }
        public long Reference => LastTrade != 0 ? LastTrade : Spec.StartPrice;
        public long HoldBps => Math.Max(Spec.MakerFeeBps, Spec.TakerFeeBps);
    }

    private sealed class Ord
    {
        public long Id, Account, ClientId, Price, Quantity, Leaves, Filled, Held, Priority;
        public long StopPrice, Protection, StopArrival, Display, Visible, ExpireTime, QuoteAmount;
        public int Instrument;
        public Side Side;
        public OrderType Type;
        public TimeInForce Tif;
        public SelfTradePrevention Stp;
        public bool PostOnly, Resting, Budgeted;
        public bool Armed => Type is OrderType.Stop or OrderType.StopLimit;
        public long Shown => Display == 0 ? Leaves : Visible;
    }

    private readonly Dictionary<int, Inst> _instruments = [];
    private readonly Dictionary<long, Dictionary<int, (long Available, long Held)>> _accounts = [];
    private readonly List<Ord> _orders = []; // live orders in acceptance order
    private readonly Dictionary<int, long> _supply = [];
    private long _nextOrderId = 1, _nextTradeId = 1, _nextPriority = 1, _nextStopArrival = 1;
    private const long Day = 86_400L * 1_000_000_000;
    private Command _c;
    private List<Event> _out = [];

    public List<Event> Process(Command c)
    {
        _c = c;
        _out = [];
        ExpireDue();
        switch (c.Type)
        {
            case CommandType.TimeTick: break;
            case CommandType.PlaceOrder: Place(); break;
            case CommandType.CancelOrder: Cancel(); break;
            case CommandType.ReplaceOrder: Replace(); break;
            case CommandType.MassCancel: MassCancel(); break;
            case CommandType.AddInstrument: AddInstrument(); break;
            case CommandType.HaltInstrument: Halt(true); break;
            case CommandType.ResumeInstrument: Halt(false); break;
            case CommandType.AddAccount: AddAccount(); break;
            case CommandType.Deposit: Transfer(+1); break;
            case CommandType.Withdraw: Transfer(-1); break;
            default: AdminReject(RejectReason.UnknownCommand); break;
        }

        return _out;
    }

    // ---------- money ----------

    private static long Fee(long notional, long bps) => (long)(new BigInteger(notional) * bps / 10_000);

    private static BigInteger BuyHold(long price, long qty, long bps)
    {
        var n = new BigInteger(price) * qty;
        return n + n * bps / 10_000;
    }

    private long Get(long account, int asset, bool held) =>
        _accounts[account].TryGetValue(asset, out var b) ? (held ? b.Held : b.Available) : 0;

    private void Move(long account, int asset, long toHeld, long toAvailable)
    {
        var b = _accounts[account].GetValueOrDefault(asset);
        _accounts[account][asset] = (b.Available + toAvailable, b.Held + toHeld);
    }

    private int HoldAsset(Ord o) => o.Side == Side.Buy ? _instruments[o.Instrument].Spec.QuoteAsset : _instruments[o.Instrument].Spec.BaseAsset;

    private long RequiredHold(Ord o) => o.Side == Side.Sell ? o.Leaves : (long)BuyHold(o.Price, o.Leaves, _instruments[o.Instrument].HoldBps);

    private static bool Rests(TimeInForce t) => t is TimeInForce.Gtc or TimeInForce.Gtd or TimeInForce.Day;

    /// <summary>Where a stop-market buy's hold is priced: its protection price, else the band top around its stop price (0: neither).</summary>
    private static long StopBuyHoldPrice(InstrumentSpec s, long stop, long protection) =>
        protection > 0 ? protection
        : s.PriceBandTicks == 0 && s.PriceBandBps == 0 ? 0
        : Band(s, stop).High;

    private static bool Fires(Side side, long stop, long last) => last != 0 && (side == Side.Buy ? last >= stop : last <= stop);

    private void SetHold(Ord o, long newHeld)
    {
        var release = o.Held - newHeld;
        Move(o.Account, HoldAsset(o), -release, release);
        o.Held = newHeld;
    }

    // ---------- events ----------

    private Event New(EventType type) => new() { Type = type, CommandType = _c.Type, Sequence = _c.Sequence, Timestamp = _c.Timestamp };

    private Event ForOrder(EventType type, Ord o) => New(type) with
    {
        AccountId = o.Account, InstrumentId = o.Instrument, OrderId = o.Id, ClientOrderId = o.ClientId, Side = o.Side,
        Price = o.Price, Quantity = o.Quantity, Leaves = o.Leaves, OrderType = o.Type, StopPrice = o.StopPrice, DisplayQuantity = o.Display,
        TimeInForce = o.Tif, ExpireTime = o.ExpireTime,
    };

    private void OrderReject(RejectReason r) => _out.Add(New(EventType.OrderRejected) with
    {
        Reason = r, AccountId = _c.AccountId, InstrumentId = _c.InstrumentId, OrderId = _c.OrderId, ClientOrderId = _c.ClientOrderId,
        Side = _c.Side, Price = _c.Price, Quantity = _c.Quantity,
    });

    private void AdminReject(RejectReason r) => _out.Add(New(EventType.AdminRejected) with
    {
        Reason = r, AccountId = _c.AccountId, InstrumentId = _c.InstrumentId, AssetId = _c.AssetId, Quantity = _c.Quantity, ClientOrderId = _c.ClientOrderId,
    });

    // ---------- the book ----------

    private IEnumerable<Ord> BookSide(int instrument, Side side)
    {
        var resting = _orders.Where(o => o.Resting && o.Instrument == instrument && o.Side == side);
        return side == Side.Buy
            ? resting.OrderByDescending(o => o.Price).ThenBy(o => o.Priority)
            : resting.OrderBy(o => o.Price).ThenBy(o => o.Priority);
    }

    private static Side Other(Side s) => s == Side.Buy ? Side.Sell : Side.Buy;

    private static bool Crosses(Side side, long limit, long price) => side == Side.Buy ? price <= limit : price >= limit;

    private static (long Low, long High) Band(Inst i) => Band(i.Spec, i.Reference);

    private static (long Low, long High) Band(InstrumentSpec s, long referencePrice)
    {
        BigInteger low = 1, high = long.MaxValue, reference = referencePrice;
        if (s.PriceBandTicks > 0)
        {
            var w = BigInteger.Min(new BigInteger(s.PriceBandTicks) * s.TickSize, long.MaxValue / 2);
            low = BigInteger.Max(low, reference - w);
            high = BigInteger.Min(high, reference + w);
        }

        if (s.PriceBandBps > 0)
        {
            var w = reference * s.PriceBandBps / 10_000;
            low = BigInteger.Max(low, reference - w);
            high = BigInteger.Min(high, reference + w);
        }

        return ((long)low, (long)high);
    }

    private static RejectReason CheckQuantity(InstrumentSpec s, long q) =>
        q <= 0 ? RejectReason.InvalidQuantity
        : q % s.LotSize != 0 ? RejectReason.BadLot
        : q < s.MinQuantity || q > s.MaxQuantity ? RejectReason.QuantityOutOfRange
        : RejectReason.None;

    private static RejectReason CheckPrice(Inst i, long p)
    {
        if (p <= 0)
        {
            return RejectReason.InvalidPrice;
        }

        if (p % i.Spec.TickSize != 0)
        {
            return RejectReason.BadTick;
        }

        var (low, high) = Band(i);
        return p < low || p > high ? RejectReason.OutsidePriceBand : RejectReason.None;
    }

    // ---------- commands ----------

    private void Place()
    {
        var reason = ValidatePlace(out var hold);
        if (reason != RejectReason.None)
        {
            OrderReject(reason);
            return;
        }

        var inst = _instruments[_c.InstrumentId];
        var type = _c.OrderType;
        var noPrice = type is OrderType.Market or OrderType.Stop;
        var o = new Ord
        {
            Id = _nextOrderId++, Account = _c.AccountId, ClientId = _c.ClientOrderId, Instrument = _c.InstrumentId, Side = _c.Side,
            Type = type, Tif = type == OrderType.Market ? TimeInForce.Ioc : _c.TimeInForce, Stp = _c.SelfTradePrevention, PostOnly = _c.PostOnly,
            Price = noPrice ? 0 : _c.Price,
            Quantity = _c.QuoteAmount > 0 && _c.Quantity == 0 ? inst.Spec.MaxQuantity / inst.Spec.LotSize * inst.Spec.LotSize : _c.Quantity,
            Held = 0,
            StopPrice = type is OrderType.Stop or OrderType.StopLimit ? _c.StopPrice : 0,
            Protection = noPrice ? _c.ProtectionPrice : 0,
            Display = _c.DisplayQuantity,
            QuoteAmount = _c.QuoteAmount,
            Budgeted = _c.Side == Side.Buy && (noPrice || _c.QuoteAmount > 0),
            ExpireTime = _c.TimeInForce == TimeInForce.Gtd ? _c.ExpireTime : _c.TimeInForce == TimeInForce.Day ? (_c.Timestamp / Day + 1) * Day : 0,
        };
        o.Leaves = o.Quantity;
        _orders.Add(o);
        SetHold(o, hold);
        _out.Add(ForOrder(EventType.OrderAccepted, o));
        if (o.Armed)
        {
            o.StopArrival = _nextStopArrival++;
            return;
        }

        var stop = Match(o, inst, TakerLimit(o, inst, _c.ProtectionPrice));
        Finish(o, inst, stop);
        TriggerStops(inst);
    }

    private static long TakerLimit(Ord o, Inst inst, long protection)
    {
        if (o.Type != OrderType.Market) return o.Price;
        var (low, high) = Band(inst);
        return o.Side == Side.Buy
            ? (protection > 0 ? Math.Min(high, protection) : high)
            : (protection > 0 ? Math.Max(low, protection) : low);
    }

    private RejectReason ValidatePlace(out long hold)
    {
        hold = 0;
        if (!_instruments.TryGetValue(_c.InstrumentId, out var inst)) return RejectReason.UnknownInstrument;
        if (!_accounts.ContainsKey(_c.AccountId)) return RejectReason.UnknownAccount;
        if (_c.Side != Side.Buy && _c.Side != Side.Sell) return RejectReason.InvalidSide;
        if (!Enum.IsDefined(_c.OrderType)) return RejectReason.InvalidOrderType;
        if ((int)_c.SelfTradePrevention > 3) return RejectReason.InvalidSelfTradePrevention;
        var type = _c.OrderType;
        var isStop = type is OrderType.Stop or OrderType.StopLimit;
        var tifOk = type switch
        {
            OrderType.Market => _c.TimeInForce == TimeInForce.Ioc && !_c.PostOnly,
            OrderType.Stop => Rests(_c.TimeInForce) && !_c.PostOnly,
            OrderType.StopLimit => Enum.IsDefined(_c.TimeInForce) && !_c.PostOnly,
            _ => Enum.IsDefined(_c.TimeInForce) && (!_c.PostOnly || Rests(_c.TimeInForce)),
        };
        if (!tifOk) return RejectReason.InvalidTimeInForce;
        if (_c.TimeInForce == TimeInForce.Gtd ? _c.ExpireTime <= _c.Timestamp : _c.ExpireTime != 0) return RejectReason.InvalidExpireTime;
        if (inst.Halted) return RejectReason.InstrumentHalted;
        if (_c.QuoteAmount != 0)
        {
            if (_c.QuoteAmount < 0 || _c.Side != Side.Buy || _c.TimeInForce != TimeInForce.Ioc || type is not (OrderType.Market or OrderType.Limit))
                return RejectReason.InvalidQuoteAmount;
            if (_c.Quantity != 0)
            {
                var cap = CheckQuantity(inst.Spec, _c.Quantity);
                if (cap != RejectReason.None) return cap;
            }
        }
        else
        {
            var q = CheckQuantity(inst.Spec, _c.Quantity);
            if (q != RejectReason.None) return q;
        }

        if (_c.DisplayQuantity != 0)
        {
            var d = _c.DisplayQuantity;
            var ok = d > 0 && d % inst.Spec.LotSize == 0 && d >= inst.Spec.MinQuantity && d <= _c.Quantity
                && type is OrderType.Limit or OrderType.StopLimit && Rests(_c.TimeInForce);
            if (!ok) return RejectReason.InvalidDisplayQuantity;
        }

        if (isStop ? _c.StopPrice <= 0 || _c.StopPrice % inst.Spec.TickSize != 0 : _c.StopPrice != 0) return RejectReason.InvalidStopPrice;
        if (type is OrderType.Market or OrderType.Stop)
        {
            if (_c.ProtectionPrice < 0) return RejectReason.InvalidPrice;
        }
        else
        {
            var p = CheckPrice(inst, _c.Price);
            if (p != RejectReason.None) return p;
        }

        if (_orders.Any(o => o.Account == _c.AccountId && o.ClientId == _c.ClientOrderId)) return RejectReason.DuplicateClientOrderId;
        var opposite = BookSide(_c.InstrumentId, Other(_c.Side)).ToList();
        if (_c.PostOnly && opposite.Count > 0 && Crosses(_c.Side, _c.Price, opposite[0].Price)) return RejectReason.PostOnlyWouldCross;
        if (isStop && Fires(_c.Side, _c.StopPrice, inst.LastTrade)) return RejectReason.StopWouldTrigger;

        var quoteAvailable = Get(_c.AccountId, inst.Spec.QuoteAsset, false);
        if (_c.Side == Side.Sell)
        {
            hold = _c.Quantity;
            if (Get(_c.AccountId, inst.Spec.BaseAsset, false) < hold) return RejectReason.InsufficientBalance;
        }
        else if (_c.QuoteAmount > 0)
        {
            hold = _c.QuoteAmount;
            if (quoteAvailable < hold) return RejectReason.InsufficientBalance;
        }
        else if (type == OrderType.Stop)
        {
            var price = StopBuyHoldPrice(inst.Spec, _c.StopPrice, _c.ProtectionPrice);
            if (price == 0) return RejectReason.ProtectionPriceRequired;
            var h = BuyHold(price, _c.Quantity, inst.HoldBps);
            if (h > long.MaxValue || new BigInteger(price) * _c.Quantity > long.MaxValue) return RejectReason.NotionalOverflow;
            hold = (long)h;
            if (quoteAvailable < hold) return RejectReason.InsufficientBalance;
        }
        else if (type == OrderType.Market)
        {
            hold = quoteAvailable;
            if (hold <= 0) return RejectReason.InsufficientBalance;
        }
        else
        {
            var h = BuyHold(_c.Price, _c.Quantity, inst.HoldBps);
            if (h > long.MaxValue || new BigInteger(_c.Price) * _c.Quantity > long.MaxValue) return RejectReason.NotionalOverflow;
            hold = (long)h;
            if (quoteAvailable < hold) return RejectReason.InsufficientBalance;
        }

        return _c.TimeInForce == TimeInForce.Fok && !isStop ? FillOrKill(opposite, _c.Side, _c.Price, _c.Quantity, _c.AccountId) : RejectReason.None;
    }

    /// <summary>
    /// Plays the aggressor through copies of the crossing levels, slice by slice: an iceberg whose
    /// slice is taken queues again at the back of its level with its next slice.
    /// </summary>
    private static RejectReason FillOrKill(List<Ord> opposite, Side side, long limit, long quantity, long account)
    {
        var needed = quantity;
        foreach (var level in opposite.TakeWhile(o => Crosses(side, limit, o.Price)).GroupBy(o => o.Price))
        {
            var queue = new Queue<(long Account, long Shown, long Leaves, long Display)>(level.Select(o => (o.Account, o.Shown, o.Leaves, o.Display)));
            while (queue.Count > 0)
            {
                var (owner, shown, leaves, display) = queue.Dequeue();
                if (owner == account) return RejectReason.SelfTrade;
                var take = Math.Min(needed, shown);
                needed -= take;
                if (needed <= 0) return RejectReason.None;
                if (leaves - take > 0) queue.Enqueue((owner, Math.Min(display, leaves - take), leaves - take, display));
            }
        }

        return RejectReason.FokNotFillable;
    }

    // ---------- stops and expiry ----------

    private void TriggerStops(Inst inst)
    {
        while (true)
        {
            var armed = _orders.Where(o => o.Armed && o.Instrument == inst.Spec.Id && Fires(o.Side, o.StopPrice, inst.LastTrade)).ToList();
            var buy = armed.Where(o => o.Side == Side.Buy).OrderBy(o => o.StopPrice).ThenBy(o => o.StopArrival).FirstOrDefault();
            var sell = armed.Where(o => o.Side == Side.Sell).OrderByDescending(o => o.StopPrice).ThenBy(o => o.StopArrival).FirstOrDefault();
            var next = buy is null ? sell : sell is null ? buy : buy.StopArrival < sell.StopArrival ? buy : sell;
            if (next is null) return;
            Enter(next, inst);
        }
    }

    private void Enter(Ord o, Inst inst)
    {
        if (o.Type == OrderType.Stop)
        {
            o.Type = OrderType.Market;
            o.Tif = TimeInForce.Ioc;
        }
        else
        {
            o.Type = OrderType.Limit;
        }

        _out.Add(ForOrder(EventType.OrderTriggered, o));
        if (o.Tif == TimeInForce.Fok && FillOrKill(BookSide(o.Instrument, Other(o.Side)).ToList(), o.Side, o.Price, o.Leaves, o.Account) != RejectReason.None)
        {
            CancelOrd(o, CancelReason.NotFilledImmediately, EventType.OrderExpired);
            return;
        }

        var stop = Match(o, inst, TakerLimit(o, inst, o.Protection));
        Finish(o, inst, stop);
    }

    private void ExpireDue()
    {
        while (_orders.Where(o => o.ExpireTime != 0 && o.ExpireTime <= _c.Timestamp).OrderBy(o => o.ExpireTime).ThenBy(o => o.Id).FirstOrDefault() is { } due)
        {
            CancelOrd(due, CancelReason.Expired, EventType.OrderExpired);
        }
    }

    private enum Stop { Filled, Empty, Limit, SelfTrade, Budget }

    private Stop Match(Ord taker, Inst inst, long limit)
    {
        while (taker.Leaves > 0)
        {
            var maker = BookSide(inst.Spec.Id, Other(taker.Side)).FirstOrDefault();
            if (maker is null) return Stop.Empty;
            if (!Crosses(taker.Side, limit, maker.Price)) return Stop.Limit;
            if (maker.Account == taker.Account)
            {
                switch (taker.Stp)
                {
                    case SelfTradePrevention.CancelAggressor:
                        return Stop.SelfTrade;
                    case SelfTradePrevention.CancelBoth:
                        CancelOrd(maker, CancelReason.SelfTrade, EventType.OrderCanceled);
                        return Stop.SelfTrade;
                    case SelfTradePrevention.DecrementAndCancel:
                        if (maker.Leaves > taker.Leaves)
                        {
                            ReduceOrd(maker, taker.Leaves);
                            return Stop.SelfTrade;
                        }

                        var smaller = maker.Leaves;
                        CancelOrd(maker, CancelReason.SelfTrade, EventType.OrderCanceled);
                        if (smaller == taker.Leaves) return Stop.SelfTrade;
                        ReduceOrd(taker, smaller);
                        continue;
                    default:
                        CancelOrd(maker, CancelReason.SelfTrade, EventType.OrderCanceled);
                        continue;
                }
            }

            var qty = Math.Min(taker.Leaves, maker.Shown);
            if (taker.Budgeted)
            {
                qty = Affordable(maker.Price, taker.Held, inst.Spec.TakerFeeBps, inst.Spec.LotSize, qty);
                if (qty == 0) return Stop.Budget;
            }

            Trade(taker, maker, inst, qty);
        }

        return Stop.Filled;
    }

    /// <summary>Binary search over lot counts: the largest affordable multiple of the lot.</summary>
    private static long Affordable(long price, long budget, long bps, long lot, long upTo)
    {
        long lo = 0, hi = upTo / lot;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo + 1) / 2);
            var n = new BigInteger(price) * (mid * lot);
            if (n + n * bps / 10_000 <= budget) lo = mid; else hi = mid - 1;
        }

        return lo * lot;
    }

    private void Trade(Ord taker, Ord maker, Inst inst, long qty)
    {
        var s = inst.Spec;
        var price = maker.Price;
        var notional = price * qty;
        long takerFee = Fee(notional, s.TakerFeeBps), makerFee = Fee(notional, s.MakerFeeBps);
        taker.Leaves -= qty; taker.Filled += qty; maker.Leaves -= qty; maker.Filled += qty;
        if (maker.Display != 0) maker.Visible -= qty;
        var (buy, sell) = taker.Side == Side.Buy ? (taker, maker) : (maker, taker);
        var buyFee = buy == taker ? takerFee : makerFee;
        var sellFee = sell == taker ? takerFee : makerFee;

        var cost = notional + buyFee;
        var newHold = buy.Budgeted ? buy.Held - cost : RequiredHold(buy);
        Move(buy.Account, s.QuoteAsset, newHold - buy.Held, buy.Held - newHold - cost);
        buy.Held = newHold;
        Move(buy.Account, s.BaseAsset, 0, qty);
        sell.Held -= qty;
        Move(sell.Account, s.BaseAsset, -qty, 0);
        Move(sell.Account, s.QuoteAsset, 0, notional - sellFee);
        inst.LastTrade = price;

        _out.Add(ForOrder(EventType.TradeExecuted, taker) with
        {
            TradeId = _nextTradeId++, Price = price, Quantity = qty, MakerOrderId = maker.Id, MakerAccountId = maker.Account,
            MakerClientOrderId = maker.ClientId, MakerLeaves = maker.Leaves, MakerFee = makerFee, TakerFee = takerFee,
        });
        foreach (var (o, fee) in new[] { (taker, takerFee), (maker, makerFee) })
        {
            BalanceAfterTrade(o.Account, s.BaseAsset, o.Side == Side.Buy ? qty : -qty);
            BalanceAfterTrade(o.Account, s.QuoteAsset, o.Side == Side.Buy ? -(notional + fee) : notional - fee);
        }
        if (maker.Leaves == 0)
        {
            Remove(maker);
        }
        else if (maker.Display != 0 && maker.Visible == 0)
        {
            maker.Visible = Math.Min(maker.Display, maker.Leaves); // next slice, at the back of the level
            maker.Priority = _nextPriority++;
        }
    }

    private void BalanceAfterTrade(long account, int asset, long change) =>
        _out.Add(New(EventType.BalanceChanged) with
        {
            AccountId = account, AssetId = asset, Quantity = change, Available = Get(account, asset, false), Held = Get(account, asset, true),
        });

    private void Remove(Ord o)
    {
        SetHold(o, 0);
        _orders.Remove(o);
    }

    private void CancelOrd(Ord o, CancelReason reason, EventType type)
    {
        _out.Add(ForOrder(type, o) with { Quantity = o.Leaves, Leaves = 0, CancelReason = reason });
        o.Leaves = 0;
        Remove(o);
    }

    private void ReduceOrd(Ord o, long by)
    {
        o.Leaves -= by;
        o.Quantity -= by;
        o.Visible = Math.Min(o.Visible, o.Leaves);
        if (!o.Budgeted) SetHold(o, RequiredHold(o));
        _out.Add(ForOrder(EventType.OrderReduced, o) with { Quantity = by, CancelReason = CancelReason.SelfTrade });
    }

    private void Finish(Ord o, Inst inst, Stop stop)
    {
        if (o.Leaves == 0)
        {
            var released = o.Held;
            Remove(o);
            if (released != 0) BalanceAfterTrade(o.Account, HoldAsset(o), 0); // the unspent budget is free again
            return;
        }

        if (stop == Stop.SelfTrade) { CancelOrd(o, CancelReason.SelfTrade, EventType.OrderCanceled); return; }
        if (o.Type == OrderType.Market || !Rests(o.Tif))
        {
            var reason = stop == Stop.Budget ? (o.QuoteAmount > 0 ? CancelReason.QuoteAmountSpent : CancelReason.InsufficientBalance)
                : stop == Stop.Limit && o.Type == OrderType.Market ? CancelReason.PriceProtection
                : CancelReason.NotFilledImmediately;
            CancelOrd(o, reason, EventType.OrderExpired);
            return;
        }

        o.Resting = true;
        o.Priority = _nextPriority++;
        o.Visible = o.Display == 0 ? 0 : Math.Min(o.Display, o.Leaves);
    }

    private RejectReason Find(out Ord? o)
    {
        if (_c.OrderId != 0)
        {
            o = _orders.FirstOrDefault(x => x.Id == _c.OrderId);
            return o is null ? RejectReason.UnknownOrder : o.Account != _c.AccountId ? RejectReason.NotOwner : RejectReason.None;
        }

        o = _orders.FirstOrDefault(x => x.Account == _c.AccountId && x.ClientId == _c.ClientOrderId);
        return o is null ? RejectReason.UnknownOrder : RejectReason.None;
    }

    private void Cancel()
    {
        var r = Find(out var o);
        if (r != RejectReason.None) { OrderReject(r); return; }
        CancelOrd(o!, CancelReason.Requested, EventType.OrderCanceled);
    }

    private void MassCancel()
    {
        if (!_accounts.ContainsKey(_c.AccountId)) { OrderReject(RejectReason.UnknownAccount); return; }
        if (_c.InstrumentId != 0 && !_instruments.ContainsKey(_c.InstrumentId)) { OrderReject(RejectReason.UnknownInstrument); return; }
        var targets = _orders.Where(o => o.Account == _c.AccountId && (_c.InstrumentId == 0 || o.Instrument == _c.InstrumentId)).ToList();
        foreach (var o in targets) CancelOrd(o, CancelReason.MassCancel, EventType.OrderCanceled);
        _out.Add(New(EventType.MassCancelCompleted) with { AccountId = _c.AccountId, ClientOrderId = _c.ClientOrderId, InstrumentId = _c.InstrumentId, Quantity = targets.Count });
    }

    private void Replace()
    {
        var r = Find(out var found);
        if (r != RejectReason.None) { OrderReject(r); return; }
        var o = found!;
        var inst = _instruments[o.Instrument];
        if (inst.Halted) { OrderReject(RejectReason.InstrumentHalted); return; }
        r = CheckQuantity(inst.Spec, _c.Quantity);
        if (r == RejectReason.None && (o.Armed ? _c.StopPrice <= 0 || _c.StopPrice % inst.Spec.TickSize != 0 : _c.StopPrice != 0)) r = RejectReason.InvalidStopPrice;
        if (r == RejectReason.None) r = o.Type == OrderType.Stop ? (_c.Price != 0 ? RejectReason.InvalidPrice : RejectReason.None) : CheckPrice(inst, _c.Price);
        if (r == RejectReason.None && o.Armed && Fires(o.Side, _c.StopPrice, inst.LastTrade)) r = RejectReason.StopWouldTrigger;
        var best = BookSide(o.Instrument, Other(o.Side)).FirstOrDefault();
        if (r == RejectReason.None && o.PostOnly && best is not null && Crosses(o.Side, _c.Price, best.Price)) r = RejectReason.PostOnlyWouldCross;
        long newHold = 0;
        if (r == RejectReason.None)
        {
            var holdPrice = o.Type == OrderType.Stop && o.Side == Side.Buy ? StopBuyHoldPrice(inst.Spec, _c.StopPrice, o.Protection) : _c.Price;
            var h = o.Side == Side.Sell ? _c.Quantity : BuyHold(holdPrice, _c.Quantity, inst.HoldBps);
            if (o.Side == Side.Buy && holdPrice == 0) r = RejectReason.ProtectionPriceRequired;
            else if (h > long.MaxValue || new BigInteger(holdPrice) * _c.Quantity > long.MaxValue) r = RejectReason.NotionalOverflow;
            else
            {
                newHold = (long)h;
                if (newHold - o.Held > 0 && Get(o.Account, HoldAsset(o), false) < newHold - o.Held) r = RejectReason.InsufficientBalance;
            }
        }

        if (r != RejectReason.None) { OrderReject(r); return; }
        SetHold(o, newHold);
        if (o.Armed)
        {
            o.StopPrice = _c.StopPrice;
            o.Price = _c.Price;
            o.Leaves = _c.Quantity;
            o.Quantity = o.Filled + o.Leaves;
            _out.Add(ForOrder(EventType.OrderReplaced, o));
            o.StopArrival = _nextStopArrival++;
            return;
        }

        var keepsPriority = _c.Price == o.Price && _c.Quantity <= o.Leaves;
        o.Price = _c.Price;
        o.Leaves = _c.Quantity;
        o.Visible = Math.Min(o.Visible, o.Leaves);
        o.Quantity = o.Filled + o.Leaves;
        _out.Add(ForOrder(EventType.OrderReplaced, o));
        if (keepsPriority) return;
        o.Resting = false;
        var stop = Match(o, inst, o.Price);
        Finish(o, inst, stop);
        TriggerStops(inst);
    }

    private void AddInstrument()
    {
        var s = _c.Instrument;
        var valid = s is not null && s.Id > 0 && !string.IsNullOrWhiteSpace(s.Symbol)
            && s.BaseAsset is > 0 and <= 1023 && s.QuoteAsset is > 0 and <= 1023 && s.BaseAsset != s.QuoteAsset
            && s.TickSize > 0 && s.LotSize > 0 && s.MinQuantity > 0 && s.MaxQuantity >= s.MinQuantity
            && s.StartPrice > 0 && s.StartPrice % s.TickSize == 0 && s.PriceBandTicks >= 0 && s.PriceBandBps >= 0
            && s.MakerFeeBps is >= 0 and <= 10_000 && s.TakerFeeBps is >= 0 and <= 10_000;
        if (!valid) { AdminReject(RejectReason.InvalidInstrumentSpec); return; }
        if (_instruments.ContainsKey(s!.Id)) { AdminReject(RejectReason.DuplicateInstrument); return; }
        _instruments[s.Id] = new Inst(s);
        _out.Add(New(EventType.InstrumentAdded) with { ClientOrderId = _c.ClientOrderId, InstrumentId = s.Id, Price = s.StartPrice });
    }

    private void Halt(bool halt)
    {
        if (!_instruments.TryGetValue(_c.InstrumentId, out var i)) { AdminReject(RejectReason.UnknownInstrument); return; }
        if (i.Halted == halt) { AdminReject(halt ? RejectReason.InstrumentAlreadyHalted : RejectReason.InstrumentNotHalted); return; }
        i.Halted = halt;
        _out.Add(New(halt ? EventType.InstrumentHalted : EventType.InstrumentResumed) with { ClientOrderId = _c.ClientOrderId, InstrumentId = i.Spec.Id });
    }

    private void AddAccount()
    {
        if (_c.AccountId <= 0) { AdminReject(RejectReason.InvalidAccount); return; }
        if (_accounts.ContainsKey(_c.AccountId)) { AdminReject(RejectReason.DuplicateAccount); return; }
        _accounts[_c.AccountId] = [];
        _out.Add(New(EventType.AccountAdded) with { AccountId = _c.AccountId, ClientOrderId = _c.ClientOrderId, Secret = _c.Secret });
    }

    private void Transfer(int direction)
    {
        RejectReason r;
        if (!_accounts.ContainsKey(_c.AccountId)) r = RejectReason.UnknownAccount;
        else if (_c.AssetId is <= 0 or > 1023) r = RejectReason.InvalidAsset;
        else if (_c.Quantity <= 0) r = RejectReason.InvalidAmount;
        else if (direction > 0 && new BigInteger(_supply.GetValueOrDefault(_c.AssetId)) + _c.Quantity > long.MaxValue) r = RejectReason.BalanceOverflow;
        else if (direction < 0 && Get(_c.AccountId, _c.AssetId, false) < _c.Quantity) r = RejectReason.InsufficientBalance;
        else r = RejectReason.None;
        if (r != RejectReason.None) { AdminReject(r); return; }
        _supply[_c.AssetId] = _supply.GetValueOrDefault(_c.AssetId) + (direction * _c.Quantity);
        Move(_c.AccountId, _c.AssetId, 0, direction * _c.Quantity);
        _out.Add(New(EventType.BalanceChanged) with
        {
            AccountId = _c.AccountId, AssetId = _c.AssetId, ClientOrderId = _c.ClientOrderId, Quantity = direction * _c.Quantity,
            Available = Get(_c.AccountId, _c.AssetId, false), Held = Get(_c.AccountId, _c.AssetId, true),
        });
    }
}
