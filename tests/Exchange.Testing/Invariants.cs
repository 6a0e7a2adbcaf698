using Exchange.Core.Matching;
using Exchange.Core.Orders;
using Exchange.Core.Queries;

namespace Exchange.Testing;

/// <summary>
/// Conservation and consistency checks of a whole engine state, run after every command in
/// randomized tests. Throws with a description of the first broken invariant.
/// </summary>
public static class Invariants
{
    public static void Check(MatchingEngine engine)
    {
        var totals = new Dictionary<int, long>();
        var orderHolds = new Dictionary<(long, int), long>();
        foreach (var accountId in engine.GetAccountIds())
        {
            foreach (var order in engine.GetOpenOrders(accountId))
            {
                CheckOrderHold(engine, order);
                engine.TryGetInstrument(order.InstrumentId, out var instrument);
                var asset = order.Side == Side.Buy ? instrument.Spec.QuoteAsset : instrument.Spec.BaseAsset;
                orderHolds[(accountId, asset)] = orderHolds.GetValueOrDefault((accountId, asset)) + order.Held;
            }

            foreach (var balance in engine.GetBalances(accountId))
            {
                if (balance.Available < 0 || balance.Held < 0)
                {
                    throw new InvalidOperationException($"Account {accountId} asset {balance.AssetId} is negative: {balance}.");
                }

                totals[balance.AssetId] = totals.GetValueOrDefault(balance.AssetId) + balance.Available + balance.Held;
                var expectedHeld = orderHolds.GetValueOrDefault((accountId, balance.AssetId));
                if (balance.Held != expectedHeld)
                {
                    throw new InvalidOperationException($"Account {accountId} asset {balance.AssetId} holds {balance.Held}, its open orders need {expectedHeld}.");
                }
            }

            foreach (var ((account, asset), held) in orderHolds)
            {
                if (account == accountId && held != 0 && engine.GetBalance(accountId, asset).Held != held)
                {
                    throw new InvalidOperationException($"Account {accountId} asset {asset}: open orders hold {held} but the balance has none.");
                }
            }
        }

        for (var asset = 1; asset <= MatchingEngine.MaxAssetId; asset++)
        {
            var total = totals.GetValueOrDefault(asset) + engine.FeesCollected(asset);
            if (total != engine.TotalSupply(asset))
            {
                throw new InvalidOperationException($"Asset {asset}: balances + fees = {total}, deposits - withdrawals = {engine.TotalSupply(asset)}.");
            }
        }

        foreach (var instrumentId in engine.GetInstrumentIds())
        {
            CheckBook(engine, instrumentId);
        }
    }

    private static void CheckOrderHold(MatchingEngine engine, OrderView order)
    {
        engine.TryGetInstrument(order.InstrumentId, out var instrument);
        var spec = instrument.Spec;
        // A stop-market buy holds at its protection price or band top, which the view does not carry: it must hold something.
        var required = order.Side == Side.Sell
            ? order.Leaves
            : order.OrderType == OrderType.Stop ? Math.Max(order.Held, 1)
            : Fees.BuyHold(order.Price, order.Leaves, Math.Max(spec.MakerFeeBps, spec.TakerFeeBps));
        if (order.Held != required || order.Leaves <= 0 || order.Quantity != order.Filled + order.Leaves)
        {
            throw new InvalidOperationException($"Order {order.OrderId} holds {order.Held}, needs {required}: {order}.");
        }
    }

    private static void CheckBook(MatchingEngine engine, int instrumentId)
    {
        // There are never more levels than open orders, so these spans always hold the whole book.
        Span<DepthLevel> bids = new DepthLevel[engine.OpenOrderCount + 1];
        Span<DepthLevel> asks = new DepthLevel[engine.OpenOrderCount + 1];
        var bidCount = engine.GetDepth(instrumentId, Side.Buy, bids);
        var askCount = engine.GetDepth(instrumentId, Side.Sell, asks);
        if (bidCount > 0 && askCount > 0 && bids[0].Price >= asks[0].Price)
        {
            throw new InvalidOperationException($"Instrument {instrumentId} is crossed at rest: bid {bids[0].Price} >= ask {asks[0].Price}.");
        }

        CheckSide(engine, instrumentId, Side.Buy, bids[..bidCount]);
        CheckSide(engine, instrumentId, Side.Sell, asks[..askCount]);
    }

    private static void CheckSide(MatchingEngine engine, int instrumentId, Side side, ReadOnlySpan<DepthLevel> levels)
    {
        for (var i = 0; i < levels.Length; i++)
        {
            if (i > 0 && (side == Side.Buy ? levels[i].Price >= levels[i - 1].Price : levels[i].Price <= levels[i - 1].Price))
            {
                throw new InvalidOperationException($"Instrument {instrumentId} {side} levels out of order at depth {i}.");
            }

            var orders = engine.GetOrdersAtLevel(instrumentId, side, levels[i].Price);
            long sum = 0;
            foreach (var o in orders)
            {
                if (o.IsArmedStop || (o.DisplayQuantity != 0 && (o.Shown <= 0 || o.Shown > Math.Min(o.DisplayQuantity, o.Leaves))))
                {
                    throw new InvalidOperationException($"Instrument {instrumentId} {side} level {levels[i].Price}: order shown wrongly: {o}.");
                }

                sum += o.DisplayQuantity == 0 ? o.Leaves : o.Shown;
            }

            if (orders.Count != levels[i].OrderCount || sum != levels[i].Quantity)
            {
                throw new InvalidOperationException($"Instrument {instrumentId} {side} level {levels[i].Price}: depth says {levels[i]}, orders say {orders.Count}/{sum}.");
            }
        }
    }
}
