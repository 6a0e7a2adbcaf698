using Exchange.Core.Accounts;
using Exchange.Core.Book;
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
        order.Price = c.OrderType == OrderType.Market ? 0 : c.Price;
        order.Quantity = c.Quantity;
        order.Leaves = c.Quantity;
        order.Filled = 0;
        order.Timestamp = c.Timestamp;
        order.Held = hold;

        var holdAsset = HoldAsset(order, instrument);
        account.Available(holdAsset) -= hold;
        account.Held(holdAsset) += hold;
        account.AddOrder(order);
        _orders.Add(order.Id, order);
        _clientOrders.Add(new ClientOrderKey(order.AccountId, order.ClientOrderId), order);

        EmitForOrder(EventType.OrderAccepted, order);
        var stop = Match(order, instrument, TakerLimit(order, instrument, c.ProtectionPrice));
        Finish(order, instrument, stop);
    }

    /// <summary>Decides the fate of an aggressor after matching: done, canceled, expired, or resting.</summary>
    private void Finish(Order order, Instrument instrument, MatchStop stop)
    {
        if (order.Leaves == 0)
        {
            Retire(order, instrument);
            return;
        }

        if (stop == MatchStop.SelfTrade)
        {
            CancelOrder(order, instrument, CancelReason.SelfTrade);
            return;
        }

        if (order.OrderType == OrderType.Market || order.TimeInForce != TimeInForce.Gtc)
        {
            var reason = stop switch
            {
                MatchStop.BudgetExhausted => CancelReason.InsufficientBalance,
                MatchStop.PriceLimit when order.OrderType == OrderType.Market && instrument.Book.Opposite(order.Side).Best is not null
                    => CancelReason.PriceProtection,
                _ => CancelReason.NotFilledImmediately,
            };
            CancelOrder(order, instrument, reason, EventType.OrderExpired);
            return;
        }

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

        if (c.OrderType is not (OrderType.Limit or OrderType.Market))
        {
            return RejectReason.InvalidOrderType;
        }

        if (c.SelfTradePrevention > SelfTradePrevention.DecrementAndCancel)
        {
            return RejectReason.InvalidSelfTradePrevention;
        }

        var isMarket = c.OrderType == OrderType.Market;
        if (isMarket ? c.TimeInForce != TimeInForce.Ioc || c.PostOnly : c.TimeInForce is not (TimeInForce.Gtc or TimeInForce.Ioc or TimeInForce.Fok))
        {
            return RejectReason.InvalidTimeInForce;
        }

        if (c.PostOnly && c.TimeInForce != TimeInForce.Gtc)
        {
            return RejectReason.InvalidTimeInForce;
        }

        if (instrument.Status == InstrumentStatus.Halted)
        {
            return RejectReason.InstrumentHalted;
        }

        var quantityCheck = CheckQuantity(spec, c.Quantity);
        if (quantityCheck != RejectReason.None)
        {
            return quantityCheck;
        }

        if (isMarket)
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

        if (c.Side == Side.Sell)
        {
            hold = c.Quantity;
            if (account.Available(spec.BaseAsset) < hold)
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

        if (c.TimeInForce == TimeInForce.Fok)
        {
            return CheckFillOrKill(opposite, c.Side, c.Price, c.Quantity, c.AccountId);
        }

        return RejectReason.None;
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
    private static (long Low, long High) Band(Instrument instrument)
    {
        var spec = instrument.Spec;
        var reference = instrument.ReferencePrice;
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
        if (order.OrderType == OrderType.Limit)
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
    /// cut it short, so that is a <see cref="RejectReason.SelfTrade"/> reject.
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

            for (var order = level.Head; order is not null; order = order.LevelNext)
            {
                if (order.AccountId == accountId)
                {
                    return RejectReason.SelfTrade;
                }

                needed -= order.Leaves;
                if (needed <= 0)
                {
                    return RejectReason.None;
                }
            }
        }

        return RejectReason.FokNotFillable;
    }

    /// <summary>Whether an aggressor on <paramref name="side"/> with this limit trades with a level at <paramref name="levelPrice"/>.</summary>
    private static bool Crosses(Side side, long limit, long levelPrice) =>
        side == Side.Buy ? levelPrice <= limit : levelPrice >= limit;
}
