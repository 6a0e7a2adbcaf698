using Exchange.Client;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Orders;

namespace Exchange.Samples;

/// <summary>
/// docs/client.md's getting started, as a method: log in, find BTC-USD by symbol, buy the smallest
/// quantity at the market's price, read the balances, wait a few seconds for a fill and cancel what is left.
/// It ends by itself whether or not anyone sells.
/// </summary>
public static class GettingStarted
{
    public static async Task RunAsync(int port = 7001, long account = 1001, string secret = "alice-secret")
    {
        // docs/client.md: getting started
        await using var client = await ExchangeClient.ConnectAsync(new ClientOptions
        {
            Endpoints = [("127.0.0.1", port)], Account = account, Secret = secret, LastSeenSequence = ExchangeClient.LiveOnly,
        });

        var btc = await client.GetInstrumentAsync("BTC-USD");
        Console.WriteLine($"{btc.Symbol}: limit prices {btc.BandLow}..{btc.BandHigh} accepted now, tick {btc.TickSize}, lot {btc.LotSize}");

        var order = NewOrderRequest.Limit(clientOrderId: DateTime.UtcNow.Ticks, btc.Id, Side.Buy, price: btc.ReferencePrice, quantity: btc.MinQuantity);
        var placed = await client.PlaceAsync(order);
        Console.WriteLine(placed.IsAccepted ? $"order {placed.OrderId} accepted: buy {order.Quantity} @ {order.Price}" : $"rejected: {placed.RejectReason}");

        foreach (var balance in await client.QueryBalancesAsync())
        {
            var asset = balance.Asset == btc.BaseAsset.Id ? btc.BaseAsset.Symbol : balance.Asset == btc.QuoteAsset.Id ? btc.QuoteAsset.Symbol : $"asset {balance.Asset}";
            Console.WriteLine($"{asset}: {balance.Available} available, {balance.Held} held");
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var message in client.Messages.ReadAllAsync(patience.Token))
            {
                if (message.TryAs<OrderExecuted>(out var fill))
                {
                    Console.WriteLine($"filled {fill.Quantity} @ {fill.Price}, {fill.Leaves} left");
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("no fill within 5 seconds");
        }

        Console.WriteLine($"{await client.CancelAllAsync(btc.Id)} order(s) left open, now cancelled");
        // end of getting started
    }
}
