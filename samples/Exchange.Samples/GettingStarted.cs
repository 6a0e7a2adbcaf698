using Exchange.Client;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Orders;

namespace Exchange.Samples;

/// <summary>docs/client.md's getting started, as a method: log in, place an order, read the balances, wait for a fill.</summary>
public static class GettingStarted
{
    public static async Task RunAsync(int port, long account, string secret)
    {
        // docs/client.md: getting started
        await using var client = await ExchangeClient.ConnectAsync(new ClientOptions
        {
            Endpoints = [("127.0.0.1", port)], Account = account, Secret = secret, AutoReconnect = true,
        });

        var order = NewOrderRequest.Limit(clientOrderId: 42, instrument: 1, Side.Buy, price: 100, quantity: 2);
        var placed = await client.PlaceAsync(order);
        Console.WriteLine(placed.IsAccepted ? $"order {placed.OrderId} accepted" : $"rejected: {placed.RejectReason}");

        foreach (var balance in await client.QueryBalancesAsync())
        {
            Console.WriteLine($"asset {balance.Asset}: {balance.Available} available, {balance.Held} held");
        }

        await foreach (var message in client.Messages.ReadAllAsync())
        {
            if (message.TryAs<OrderExecuted>(out var fill))
            {
                Console.WriteLine($"filled {fill.Quantity} @ {fill.Price}, {fill.Leaves} left");
                break;
            }
        }
        // end of getting started
    }
}
