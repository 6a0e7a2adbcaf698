using Exchange.Core.Book;
using Exchange.Core.Events;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;

namespace Exchange.Core.Matching;

public sealed partial class MatchingEngine
{
    /// <summary>
    /// Price-time matching of an aggressor against the opposite side, best level first, FIFO
    /// within a level, each trade at the resting order's price, until the aggressor is filled or
    /// something stops it. Self-trade prevention follows the aggressor's mode. An iceberg maker
    /// trades its shown slice; when the slice is gone a new one is shown at the back of the level.
    /// </summary>
    private MatchStop Match(Order taker, Instrument instrument, long limit)
    {
        var opposite = instrument.Book.Opposite(taker.Side);
        var spec = instrument.Spec;
        var isBudgeted = taker.Budgeted;
        while (taker.Leaves > 0)
        {
            var level = opposite.Best;
            if (level is null)
            {
                return MatchStop.BookEmpty;
            }

            if (!Crosses(taker.Side, limit, level.Price))
            {
                return MatchStop.PriceLimit;
            }

            var maker = level.Head!;
            if (maker.AccountId == taker.AccountId)
            {
                if (PreventSelfTrade(taker, maker, instrument))
                {
                    continue;
                }

                return MatchStop.SelfTrade;
            }

            var quantity = Math.Min(taker.Leaves, maker.Shown);
            if (isBudgeted)
            {
                quantity = Fees.MaxAffordable(level.Price, taker.Held, spec.TakerFeeBps, spec.LotSize, quantity);
                if (quantity == 0)
                {
                    return MatchStop.BudgetExhausted;
                }
            }

            Execute(taker, maker, level, instrument, quantity);
        }

        return MatchStop.Filled;
    }

    /// <summary>Applies the aggressor's self-trade mode; returns whether the aggressor keeps matching.</summary>
    private bool PreventSelfTrade(Order taker, Order maker, Instrument instrument)
    {
        switch (taker.SelfTradePrevention)
        {
            case SelfTradePrevention.CancelAggressor:
                return false;
            case SelfTradePrevention.CancelBoth:
                CancelOrder(maker, instrument, CancelReason.SelfTrade);
                return false;
            case SelfTradePrevention.DecrementAndCancel:
                if (maker.Leaves > taker.Leaves)
                {
                    Reduce(maker, instrument, taker.Leaves);
                    return false;
                }

                var smaller = maker.Leaves;
                var equal = smaller == taker.Leaves;
                CancelOrder(maker, instrument, CancelReason.SelfTrade);
                if (equal)
                {
                    return false;
                }

                Reduce(taker, instrument, smaller);
                return true;
            default:
                CancelOrder(maker, instrument, CancelReason.SelfTrade);
                return true;
        }
    }

    /// <summary>One fill: moves assets and fees, updates both orders, emits the trade, retires a filled maker.</summary>
    private void Execute(Order taker, Order maker, PriceLevel level, Instrument instrument, long quantity)
    {
        var spec = instrument.Spec;
        var price = maker.Price;
        var notional = price * quantity;
        var takerFee = Fees.Of(notional, spec.TakerFeeBps);
        var makerFee = Fees.Of(notional, spec.MakerFeeBps);

        taker.Leaves -= quantity;
        taker.Filled += quantity;
        maker.Leaves -= quantity;
        maker.Filled += quantity;
        if (maker.DisplayQuantity != 0)
        {
            maker.Visible -= quantity;
        }

        level.Displayed -= quantity;

        Order buy, sell;
        long buyFee, sellFee;
        if (taker.Side == Side.Buy)
        {
            (buy, sell, buyFee, sellFee) = (taker, maker, takerFee, makerFee);
        }
        else
        {
            (buy, sell, buyFee, sellFee) = (maker, taker, makerFee, takerFee);
        }

        // Buyer: the fill's cost comes out of the order's hold; what the hold no longer needs returns to available.
        var buyer = buy.Account!;
        var cost = notional + buyFee;
        var newHold = buy.Budgeted ? buy.Held - cost : Fees.BuyHold(buy.Price, buy.Leaves, instrument.HoldFeeBps);
        var release = buy.Held - newHold;
        buy.Held = newHold;
        buyer.Held(spec.QuoteAsset) -= release;
        buyer.Available(spec.QuoteAsset) += release - cost;
        buyer.Available(spec.BaseAsset) += quantity;

        // Seller: gives the base it held, receives the notional less its fee.
        var seller = sell.Account!;
        sell.Held -= quantity;
        seller.Held(spec.BaseAsset) -= quantity;
        seller.Available(spec.QuoteAsset) += notional - sellFee;

        _feesCollected[spec.QuoteAsset] += buyFee + sellFee;
        instrument.LastTradePrice = price;

        ref var e = ref EmitForOrder(EventType.TradeExecuted, taker);
        e.TradeId = _nextTradeId++;
        e.Price = price;
        e.Quantity = quantity;
        e.MakerOrderId = maker.Id;
        e.MakerAccountId = maker.AccountId;
        e.MakerClientOrderId = maker.ClientOrderId;
        e.MakerLeaves = maker.Leaves;
        e.MakerFee = makerFee;
        e.TakerFee = takerFee;

        // Each side's balances after the fill, so read models and clients need not redo the settlement.
        EmitBalanceChange(taker.Account!, spec.BaseAsset, taker.Side == Side.Buy ? quantity : -quantity);
        EmitBalanceChange(taker.Account!, spec.QuoteAsset, taker.Side == Side.Buy ? -(notional + takerFee) : notional - takerFee);
        EmitBalanceChange(maker.Account!, spec.BaseAsset, maker.Side == Side.Buy ? quantity : -quantity);
        EmitBalanceChange(maker.Account!, spec.QuoteAsset, maker.Side == Side.Buy ? -(notional + makerFee) : notional - makerFee);

        if (maker.Leaves == 0)
        {
            instrument.Book.Unlink(maker);
            Retire(maker, instrument);
        }
        else if (maker.Visible == 0 && maker.DisplayQuantity != 0)
        {
            // The slice is gone: show the next one, behind everything already at this price.
            level.Remove(maker);
            maker.Visible = Math.Min(maker.DisplayQuantity, maker.Leaves);
            level.Append(maker);
        }
    }
}
