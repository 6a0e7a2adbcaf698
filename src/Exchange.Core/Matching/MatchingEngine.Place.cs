using Exchange.Core.Accounts;
using Exchange.Core.Book;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;

namespace Exchange.Core.Matching;

public sealed partial class MatchingEngine
{
    private void Place()
    {
        ref readonly var c = ref _current;
        var reason = ValidatePlace(out var instrument, out var account, out var hold);
        if (reason != RejectReason.None)
        {
            OrderReject(reason);
            return;
        }

        var order = _pool.Rent();
        order.Id = _nextOrderId++;
        order.AccountId = c.AccountId;
        order.ClientOrderId = c.ClientOrderId;
        order.InstrumentId = c.InstrumentId;
        order.Side = c.Side;
        order.OrderType = c.OrderType;
        order.TimeInForce = c.OrderType == OrderType.Market ? TimeInForce.Ioc : c.TimeInForce;
        order.SelfTradePrevention = c.SelfTradePrevention;
        order.PostOnly = c.PostOnly;
        order.Price = c.OrderType is OrderType.Market or OrderType.Stop ? 0 : c.Price;
        order.Quantity = c.QuoteAmount > 0 && c.Quantity == 0 ? QuoteAmountCap(instrument.Spec) : c.Quantity;
        order.Leaves = order.Quantity;
        order.Filled = 0;
        order.Timestamp = c.Timestamp;
        order.Held = hold;
        order.StopPrice = c.OrderType is OrderType.Stop or OrderType.StopLimit ? c.StopPrice : 0;
        order.ProtectionPrice = c.OrderType is OrderType.Market or OrderType.Stop ? c.ProtectionPrice : 0;
        order.DisplayQuantity = c.DisplayQuantity;
        order.QuoteAmount = c.QuoteAmount;
        order.Budgeted = c.Side == Side.Buy && (c.OrderType is OrderType.Market or OrderType.Stop || c.QuoteAmount > 0);
        order.ExpireTime = c.TimeInForce switch
        {
            TimeInForce.Gtd => c.ExpireTime,
            TimeInForce.Day => ((c.Timestamp / NanosecondsPerDay) + 1) * NanosecondsPerDay,
            _ => 0,
        };

        var holdAsset = HoldAsset(order, instrument);
        order.HoldAssetId = holdAsset;
        account.Available(holdAsset) -= hold;
        account.Held(holdAsset) += hold;
        account.AddOrder(order);
        _orders.Add(order.Id, order);
        _clientOrders.Add(new ClientOrderKey(order.AccountId, order.ClientOrderId), order);

        if (order.ExpireTime != 0)
        {
            _expiries.Add(order);
        }

        EmitForOrder(EventType.OrderAccepted, order);
        if (order.IsArmedStop)
        {
            Arm(order, instrument);
            return;
        }

        var stop = Match(order, instrument, TakerLimit(order, instrument, c.ProtectionPrice));
        Finish(order, instrument, stop);
        TriggerStops(instrument);
    }

    /// <summary>Nanoseconds in a day: day orders expire at the UTC midnight after they were accepted.</summary>
    public const long NanosecondsPerDay = 86_400L * 1_000_000_000;

    /// <summary>A quote-amount buy given no quantity may buy up to the instrument's maximum, in whole lots.</summary>
    private static long QuoteAmountCap(InstrumentSpec spec) => spec.MaxQuantity / spec.LotSize * spec.LotSize;

    private static bool Rests(TimeInForce tif) => tif is TimeInForce.Gtc or TimeInForce.Gtd or TimeInForce.Day;

    /// <summary>Decides the fate of an aggressor after matching: done, canceled, expired, or resting.</summary>
    private void Finish(Order order, Instrument instrument, MatchStop stop)
    {
        if (order.Leaves == 0)
        {
            var account = order.Account!;
            var asset = HoldAsset(order, instrument);
            var released = order.Held;
            Retire(order, instrument);
            if (released != 0)
            {
                EmitBalanceChange(account, asset, 0); // a budget's unspent rest moves from held to available
            }

            return;
        }

        if (stop == MatchStop.SelfTrade)
        {
            CancelOrder(order, instrument, CancelReason.SelfTrade);
            return;
        }

        if (order.OrderType == OrderType.Market || !Rests(order.TimeInForce))
        {
            var reason = stop switch
            {
                MatchStop.BudgetExhausted => order.QuoteAmount > 0 ? CancelReason.QuoteAmountSpent : CancelReason.InsufficientBalance,
                MatchStop.PriceLimit when order.OrderType == OrderType.Market && instrument.Book.Opposite(order.Side).Best is not null
                    => CancelReason.PriceProtection,
                _ => CancelReason.NotFilledImmediately,
            };
            CancelOrder(order, instrument, reason, EventType.OrderExpired);
            return;
        }

        order.Visible = order.DisplayQuantity == 0 ? 0 : Math.Min(order.DisplayQuantity, order.Leaves);
        instrument.Book.Rest(order);
    }

    private RejectReason ValidatePlace(out Instrument instrument, out Account account, out long hold)
    {
        ref readonly var c = ref _current;
        hold = 0;
        account = null!;
        if (!_instruments.TryGetValue(c.InstrumentId, out instrument!))
        {
            return RejectReason.UnknownInstrument;
        }

        if (!_accounts.TryGetValue(c.AccountId, out account!))
        {
            return RejectReason.UnknownAccount;
        }

        var spec = instrument.Spec;
        if (c.Side is not (Side.Buy or Side.Sell))
        {
            return RejectReason.InvalidSide;
        }

        if (c.OrderType is not (OrderType.Limit or OrderType.Market or OrderType.Stop or OrderType.StopLimit))
        {
            return RejectReason.InvalidOrderType;
        }

        if (c.SelfTradePrevention > SelfTradePrevention.DecrementAndCancel)
        {
            return RejectReason.InvalidSelfTradePrevention;
        }

        var isMarket = c.OrderType == OrderType.Market;
        var isStop = c.OrderType is OrderType.Stop or OrderType.StopLimit;
        var tifCheck = CheckTimeInForce(c);
        if (tifCheck != RejectReason.None)
        {
            return tifCheck;
        }

        if (instrument.Status == InstrumentStatus.Halted)
        {
            return RejectReason.InstrumentHalted;
        }

        var quantityCheck = c.QuoteAmount != 0 ? CheckQuoteAmount(c, spec) : CheckQuantity(spec, c.Quantity);
        if (quantityCheck != RejectReason.None)
        {
            return quantityCheck;
        }

        if (c.DisplayQuantity != 0 && !IsValidDisplay(c, spec))
        {
            return RejectReason.InvalidDisplayQuantity;
        }

        if (isStop ? !IsValidStopPrice(spec, c.StopPrice) : c.StopPrice != 0)
        {
            return RejectReason.InvalidStopPrice;
        }

        if (c.OrderType is OrderType.Market or OrderType.Stop)
        {
            if (c.ProtectionPrice < 0)
            {
                return RejectReason.InvalidPrice;
            }
        }
        else
        {
            var priceCheck = CheckPrice(instrument, c.Price);
            if (priceCheck != RejectReason.None)
            {
                return priceCheck;
            }
        }

        if (_clientOrders.ContainsKey(new ClientOrderKey(c.AccountId, c.ClientOrderId)))
        {
            return RejectReason.DuplicateClientOrderId;
        }

        var opposite = instrument.Book.Opposite(c.Side);
        if (c.PostOnly && opposite.Best is { } best && Crosses(c.Side, c.Price, best.Price))
        {
            return RejectReason.PostOnlyWouldCross;
        }

        if (isStop && FiresNow(instrument, c.Side, c.StopPrice))
        {
            return RejectReason.StopWouldTrigger;
        }

        if (c.Side == Side.Sell)
        {
            hold = c.Quantity;
            if (account.Available(spec.BaseAsset) < hold)
            {
                return RejectReason.InsufficientBalance;
            }
        }
        else if (c.QuoteAmount > 0)
        {
            hold = c.QuoteAmount;
            if (account.Available(spec.QuoteAsset) < hold)
            {
                return RejectReason.InsufficientBalance;
            }
        }
        else if (c.OrderType == OrderType.Stop)
        {
            var holdPrice = StopMarketBuyHoldPrice(spec, c.StopPrice, c.ProtectionPrice);
            if (holdPrice == 0)
            {
                return RejectReason.ProtectionPriceRequired;
            }

            if (!Fees.TryBuyHold(holdPrice, c.Quantity, instrument.HoldFeeBps, out hold))
            {
                return RejectReason.NotionalOverflow;
            }

            if (account.Available(spec.QuoteAsset) < hold)
            {
                return RejectReason.InsufficientBalance;
            }
        }
        else if (isMarket)
        {
            // A market buy may spend all available quote; what it does not spend is released when it ends.
            hold = account.Available(spec.QuoteAsset);
            if (hold <= 0)
            {
                return RejectReason.InsufficientBalance;
            }
        }
        else
        {
            if (!Fees.TryBuyHold(c.Price, c.Quantity, instrument.HoldFeeBps, out hold))
            {
                return RejectReason.NotionalOverflow;
            }

            if (account.Available(spec.QuoteAsset) < hold)
            {
                return RejectReason.InsufficientBalance;
            }
        }

        if (c.TimeInForce == TimeInForce.Fok && !isStop)
        {
            return CheckFillOrKill(opposite, c.Side, c.Price, c.Quantity, c.AccountId);
        }

        return RejectReason.None;
    }

    /// <summary>
    /// Which time in force each type takes: market orders IOC; stop-markets a lifetime (GTC, GTD,
    /// day), since they enter as IOC market orders anyway; limits and stop-limits any. Post-only
    /// only on a limit that may rest. GTD needs an expire time after the command's; nothing else
    /// may carry one.
    /// </summary>
    private static RejectReason CheckTimeInForce(in Command c)
    {
        var valid = c.OrderType switch
        {
            OrderType.Market => c.TimeInForce == TimeInForce.Ioc && !c.PostOnly,
            OrderType.Stop => Rests(c.TimeInForce) && !c.PostOnly,
            OrderType.StopLimit => c.TimeInForce is >= TimeInForce.Gtc and <= TimeInForce.Day && !c.PostOnly,
            _ => c.TimeInForce is >= TimeInForce.Gtc and <= TimeInForce.Day && (!c.PostOnly || Rests(c.TimeInForce)),
        };
        if (!valid)
        {
            return RejectReason.InvalidTimeInForce;
        }

        var expiryValid = c.TimeInForce == TimeInForce.Gtd ? c.ExpireTime > c.Timestamp : c.ExpireTime == 0;
        return expiryValid ? RejectReason.None : RejectReason.InvalidExpireTime;
    }

    /// <summary>Quote amounts only on buys that never rest: market, or IOC limit. A quantity, if given, caps the order as usual.</summary>
    private static RejectReason CheckQuoteAmount(in Command c, InstrumentSpec spec)
    {
        if (c.QuoteAmount < 0 || c.Side != Side.Buy || c.TimeInForce != TimeInForce.Ioc || c.OrderType is not (OrderType.Market or OrderType.Limit))
        {
            return RejectReason.InvalidQuoteAmount;
        }

        return c.Quantity == 0 ? RejectReason.None : CheckQuantity(spec, c.Quantity);
    }

    /// <summary>An iceberg slice: whole lots, at least the minimum, at most the order, on an order that can rest.</summary>
    private static bool IsValidDisplay(in Command c, InstrumentSpec spec) =>
        c.DisplayQuantity > 0 && c.DisplayQuantity % spec.LotSize == 0 && c.DisplayQuantity >= spec.MinQuantity && c.DisplayQuantity <= c.Quantity
        && c.OrderType is OrderType.Limit or OrderType.StopLimit && Rests(c.TimeInForce);

    private static bool IsValidStopPrice(InstrumentSpec spec, long stopPrice) => stopPrice > 0 && stopPrice % spec.TickSize == 0;

    /// <summary>
    /// The price a stop-market buy's hold is priced at: its protection price, else the top of the
    /// price band measured from its stop price (where the band would sit if it fired exactly there).
    /// 0 when there is neither (no band configured): the order must then name a protection price.
    /// </summary>
    private static long StopMarketBuyHoldPrice(InstrumentSpec spec, long stopPrice, long protectionPrice)
    {
        if (protectionPrice > 0)
        {
            return protectionPrice;
        }

        if (spec.PriceBandTicks == 0 && spec.PriceBandBps == 0)
        {
            return 0;
        }

        return Band(spec, stopPrice).High;
    }

    private static RejectReason CheckQuantity(InstrumentSpec spec, long quantity)
    {
        if (quantity <= 0)
        {
            return RejectReason.InvalidQuantity;
        }

        if (quantity % spec.LotSize != 0)
        {
            return RejectReason.BadLot;
        }

        return quantity < spec.MinQuantity || quantity > spec.MaxQuantity ? RejectReason.QuantityOutOfRange : RejectReason.None;
    }

    private static RejectReason CheckPrice(Instrument instrument, long price)
    {
        if (price <= 0)
        {
            return RejectReason.InvalidPrice;
        }

        if (price % instrument.Spec.TickSize != 0)
        {
            return RejectReason.BadTick;
        }

        var (low, high) = Band(instrument);
        return price < low || price > high ? RejectReason.OutsidePriceBand : RejectReason.None;
    }

    /// <summary>
    /// The prices the band allows now: within <c>PriceBandTicks</c> ticks and within
    /// <c>PriceBandBps</c> basis points of the reference price (each only when set).
    /// </summary>
    private static (long Low, long High) Band(Instrument instrument) => Band(instrument.Spec, instrument.ReferencePrice);

    /// <summary>The band around any reference price.</summary>
    private static (long Low, long High) Band(InstrumentSpec spec, long reference)
    {
        long low = 1, high = long.MaxValue;
        if (spec.PriceBandTicks > 0)
        {
            var width = (long)Int128.Min((Int128)spec.PriceBandTicks * spec.TickSize, long.MaxValue / 2);
            low = Math.Max(low, reference - width);
            high = Math.Min(high, reference > long.MaxValue - width ? long.MaxValue : reference + width);
        }

        if (spec.PriceBandBps > 0)
        {
            var width = (long)((Int128)reference * spec.PriceBandBps / Fees.BpsPerUnit);
            low = Math.Max(low, reference - width);
            high = Math.Min(high, reference > long.MaxValue - width ? long.MaxValue : reference + width);
        }

        return (low, high);
    }

    /// <summary>The worst price an aggressor may trade at: its limit, or for a market order the band and protection price.</summary>
    private static long TakerLimit(Order order, Instrument instrument, long protectionPrice)
    {
        if (order.OrderType != OrderType.Market)
        {
            return order.Price;
        }

        var (low, high) = Band(instrument);
        if (order.Side == Side.Buy)
        {
            return protectionPrice > 0 ? Math.Min(high, protectionPrice) : high;
        }

        return protectionPrice > 0 ? Math.Max(low, protectionPrice) : low;
    }

    /// <summary>
    /// Fill-or-kill is all or nothing, so it must be fillable against other accounts' orders
    /// before it is accepted; meeting one of its own orders first would let self-trade prevention
    /// cut it short, so that is a <see cref="RejectReason.SelfTrade"/> reject. An aggressor meets a
    /// level's shown quantities in queue order first, then (icebergs refilling at the back) their
    /// hidden rest, so the hidden parts count only after every order at the level was passed.
    /// </summary>
    private static RejectReason CheckFillOrKill(BookSide opposite, Side side, long limit, long quantity, long accountId)
    {
        var needed = quantity;
        for (var depth = 0; depth < opposite.LevelCount; depth++)
        {
            var level = opposite.LevelAt(depth);
            if (!Crosses(side, limit, level.Price))
            {
                break;
            }

            long hidden = 0;
            for (var order = level.Head; order is not null; order = order.LevelNext)
            {
                if (order.AccountId == accountId)
                {
                    return RejectReason.SelfTrade;
                }

                needed -= order.Shown;
                hidden += order.Leaves - order.Shown;
                if (needed <= 0)
                {
                    return RejectReason.None;
                }
            }

            needed -= hidden;
            if (needed <= 0)
            {
                return RejectReason.None;
            }
        }

        return RejectReason.FokNotFillable;
    }

    /// <summary>Whether an aggressor on <paramref name="side"/> with this limit trades with a level at <paramref name="levelPrice"/>.</summary>
    private static bool Crosses(Side side, long limit, long levelPrice) =>
        side == Side.Buy ? levelPrice <= limit : levelPrice >= limit;
}
