using Exchange.Client;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Orders;

namespace Exchange.Samples;

/// <summary>
/// Sweeps the book: reads the asks up to a limit price from a local book, then buys all of it at
/// once with an immediate-or-cancel order, and reports what it got.
/// </summary>
public static class Taker
{
    /// <returns>The quantity bought.</returns>
    public static async Task<long> SweepAsync(ExchangeClient client, int instrument, long limitPrice, CancellationToken stop)
    {
        // A local book: the SDK applies the snapshot and every increment (and resubscribes after a gap).
        var book = await client.SubscribeBookAsync(instrument, depth: 1_000, stop);
        while (!book.IsReady)
        {
            await Task.Delay(10, stop);
        }

        long available = 0;
        foreach (var (price, quantity, _) in book.Asks(1_000))
        {
            if (price <= limitPrice)
            {
                available += quantity;
            }
        }

        if (available == 0)
        {
            Console.WriteLine($"nothing offered at or below {limitPrice}");
            return 0;
        }

        var clientOrderId = DateTime.UtcNow.Ticks;
        var placed = await client.PlaceAsync(NewOrderRequest.Limit(clientOrderId, instrument, Side.Buy, limitPrice, available, TimeInForce.Ioc), stop);
        if (!placed.IsAccepted)
        {
            Console.WriteLine($"refused: {placed.RejectReason}");
            return 0;
        }

        // The fills follow the acknowledgement; an IOC ends filled (leaves 0) or with its rest cancelled.
        long bought = 0;
        await foreach (var message in client.Messages.ReadAllAsync(stop))
        {
            if (message.TryAs<OrderExecuted>(out var fill) && (long)fill.ClientOrderId == clientOrderId)
            {
                bought += fill.Quantity;
                Console.WriteLine($"bought {fill.Quantity} @ {fill.Price}");
                if (fill.Leaves == 0)
                {
                    break;
                }
            }
            else if (message.TryAs<OrderCanceled>(out var rest) && (long)rest.ClientOrderId == clientOrderId)
            {
                break;
            }
        }

        Console.WriteLine($"swept {bought} of {available} offered at or below {limitPrice}");
        return bought;
    }
}
