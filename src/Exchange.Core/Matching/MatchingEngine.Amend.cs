using Exchange.Core.Book;
using Exchange.Core.Events;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;

namespace Exchange.Core.Matching;

public sealed partial class MatchingEngine
{
    private void Cancel()
    {
        var reason = FindOwnOrder(out var order);
        if (reason != RejectReason.None)
        {
            OrderReject(reason);
            return;
        }

        CancelOrder(order, _instruments[order.InstrumentId], CancelReason.Requested);
    }

    private void MassCancel()
    {
        ref readonly var c = ref _current;
        if (!_accounts.TryGetValue(c.AccountId, out var account))
        {
            OrderReject(RejectReason.UnknownAccount);
            return;
        }

        if (c.InstrumentId != 0 && !_instruments.ContainsKey(c.InstrumentId))
        {
            OrderReject(RejectReason.UnknownInstrument);
            return;
        }

        long canceled = 0;
        var order = account.FirstOrder;
        while (order is not null)
        {
            var next = order.AccountNext;
            if (c.InstrumentId == 0 || order.InstrumentId == c.InstrumentId)
            {
                CancelOrder(order, _instruments[order.InstrumentId], CancelReason.MassCancel);
                canceled++;
            }

            order = next;
        }

        ref var e = ref Emit(EventType.MassCancelCompleted);
        e.AccountId = c.AccountId;
        e.InstrumentId = c.InstrumentId;
        e.ClientOrderId = c.ClientOrderId; // the client's message id, so the completion can be matched to the request
        e.Quantity = canceled;
    }

    /// <summary>
    /// Replace sets a new price and a new open quantity. Same price with less quantity keeps time
    /// priority; a new price or more quantity moves the order to the back, and a new price that
    /// crosses the book trades first, as an aggressor, like a new order would. An iceberg keeps its
    /// slice size; kept priority keeps its shown slice (cut to the new open quantity). A stop that
    /// has not fired changes its stop price, limit price (stop-limit; 0 for a stop-market) and
    /// quantity, and queues again as the latest arrival at its stop price.
    /// </summary>
    private void Replace()
    {
        ref readonly var c = ref _current;
        var reason = ValidateReplace(out var order, out var instrument, out var newHold);
        if (reason != RejectReason.None)
        {
            OrderReject(reason);
            return;
        }

        var account = order.Account!;
        var holdAsset = HoldAsset(order, instrument);
        var delta = newHold - order.Held;
        account.Available(holdAsset) -= delta;
        account.Held(holdAsset) += delta;
        order.Held = newHold;

        if (order.IsArmedStop)
        {
            instrument.StopsOf(order.Side).Remove(order);
            order.StopPrice = c.StopPrice;
            order.Price = c.Price;
            order.Leaves = c.Quantity;
            order.Quantity = order.Filled + order.Leaves;
            EmitForOrder(EventType.OrderReplaced, order);
            Arm(order, instrument);
            return;
        }

        if (c.Price == order.Price && c.Quantity <= order.Leaves)
        {
            SetLeavesInPlace(order, c.Quantity);
            order.Quantity = order.Filled + order.Leaves;
            EmitForOrder(EventType.OrderReplaced, order);
            return;
        }

        instrument.Book.Unlink(order);
        order.Price = c.Price;
        order.Leaves = c.Quantity;
        order.Quantity = order.Filled + order.Leaves;
        EmitForOrder(EventType.OrderReplaced, order);
        var stop = Match(order, instrument, order.Price);
        Finish(order, instrument, stop);
        TriggerStops(instrument);
    }

    private RejectReason ValidateReplace(out Order order, out Instrument instrument, out long newHold)
    {
        ref readonly var c = ref _current;
        newHold = 0;
        instrument = null!;
        var reason = FindOwnOrder(out order);
        if (reason != RejectReason.None)
        {
            return reason;
        }

        instrument = _instruments[order.InstrumentId];
        if (instrument.Status == InstrumentStatus.Halted)
        {
            return RejectReason.InstrumentHalted;
        }

        var quantityCheck = CheckQuantity(instrument.Spec, c.Quantity);
        if (quantityCheck != RejectReason.None)
        {
            return quantityCheck;
        }

        if (order.IsArmedStop ? !IsValidStopPrice(instrument.Spec, c.StopPrice) : c.StopPrice != 0)
        {
            return RejectReason.InvalidStopPrice;
        }

        if (order.OrderType == OrderType.Stop)
        {
            if (c.Price != 0)
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

        if (order.IsArmedStop && FiresNow(instrument, order.Side, c.StopPrice))
        {
            return RejectReason.StopWouldTrigger;
        }

        if (order.PostOnly && instrument.Book.Opposite(order.Side).Best is { } best && Crosses(order.Side, c.Price, best.Price))
        {
            return RejectReason.PostOnlyWouldCross;
        }

        var holdPrice = order.OrderType == OrderType.Stop && order.Side == Side.Buy
            ? StopMarketBuyHoldPrice(instrument.Spec, c.StopPrice, order.ProtectionPrice)
            : c.Price;
        if (order.Side == Side.Sell)
        {
            newHold = c.Quantity;
        }
        else if (holdPrice == 0)
        {
            return RejectReason.ProtectionPriceRequired;
        }
        else if (!Fees.TryBuyHold(holdPrice, c.Quantity, instrument.HoldFeeBps, out newHold))
        {
            return RejectReason.NotionalOverflow;
        }

        var extra = newHold - order.Held;
        return extra > 0 && order.Account!.Available(HoldAsset(order, instrument)) < extra ? RejectReason.InsufficientBalance : RejectReason.None;
    }

    /// <summary>Finds the target of a cancel or replace: by exchange order id, or by client order id within the account.</summary>
    private RejectReason FindOwnOrder(out Order order)
    {
        ref readonly var c = ref _current;
        if (c.OrderId != 0)
        {
            if (!_orders.TryGetValue(c.OrderId, out order!))
            {
                return RejectReason.UnknownOrder;
            }

            return order.AccountId == c.AccountId ? RejectReason.None : RejectReason.NotOwner;
        }

        return _clientOrders.TryGetValue(new ClientOrderKey(c.AccountId, c.ClientOrderId), out order!) ? RejectReason.None : RejectReason.UnknownOrder;
    }
}
