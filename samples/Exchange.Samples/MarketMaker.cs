using Exchange.Client;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Orders;

namespace Exchange.Samples;

/// <summary>
/// The simplest market maker: one bid and one ask, <c>spread</c> away from a mid price, and after
/// every fill of either it cancels what is left and quotes both sides again around the fill's price.
/// A real one would manage inventory and risk; this shows the SDK calls such a loop is made of.
/// </summary>
public sealed class MarketMaker(ExchangeClient client, int instrument, long mid, long spread, long size)
{
    private long _nextClientOrderId = DateTime.UtcNow.Ticks; // unique across restarts of the sample

    /// <summary>Quote pairs placed so far (the first, then one after each fill).</summary>
    public int QuotePairs { get; private set; }

    /// <summary>Fills received.</summary>
    public int Fills { get; private set; }

    /// <summary>Quotes until <paramref name="stop"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        await QuoteAsync(mid, stop);

        // Fills (and everything else the exchange tells this account) arrive on one stream, in order.
        await foreach (var message in client.Messages.ReadAllAsync(stop))
        {
            if (message.TryAs<OrderExecuted>(out var fill))
            {
                Fills++;
                Console.WriteLine($"filled {fill.Quantity} @ {fill.Price} ({(fill.Side == 1 ? "bought" : "sold")}); re-quoting");
                await QuoteAsync(fill.Price, stop);
            }
        }
    }

    private async Task QuoteAsync(long around, CancellationToken stop)
    {
        // Cancel what is left of the last quotes, and wait until the exchange says how many went.
        await client.CancelAllAsync(instrument, stop);

        var bid = await client.PlaceAsync(NewOrderRequest.Limit(++_nextClientOrderId, instrument, Side.Buy, around - spread, size), stop);
        var ask = await client.PlaceAsync(NewOrderRequest.Limit(++_nextClientOrderId, instrument, Side.Sell, around + spread, size), stop);
        QuotePairs++;
        Console.WriteLine($"quoting {size} @ {around - spread} / {size} @ {around + spread}" +
            (bid.IsAccepted && ask.IsAccepted ? string.Empty : $" (refused: {bid.RejectReason} / {ask.RejectReason})"));
    }
}
