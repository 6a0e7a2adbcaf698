using Exchange.Client;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Orders;
using Exchange.Testing;

namespace Exchange.IntegrationTests;

/// <summary>docs/client.md's getting-started code is this test's code, run against a real server: it compiles and does what the page says.</summary>
public sealed class ClientDocTests
{
    [Fact]
    public async Task Getting_started_runs_as_written_and_is_the_code_on_the_page()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using (var seller = await host.ConnectAsync(2))
        {
            Assert.True((await seller.PlaceAsync(NewOrderRequest.Limit(1, 1, Side.Sell, 100, 1))).IsAccepted); // something to trade with
        }

        await GettingStarted(host.Gateway.Port).WaitAsync(ExchangeHost.Patience);

        await using var check = await host.ConnectAsync(1, ExchangeClient.LiveOnly);
        var open = Assert.Single(await check.QueryOpenOrdersAsync());
        Assert.Equal((1L, 1L), (open.Leaves, open.Quantity - 1)); // bought 1 of 2, the rest rests

        var page = File.ReadAllText(Path.Combine(Repository.Root(), "docs", "client.md"));
        Assert.Contains(Snippet(), page.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    /// <summary>The lines between the markers in this file, unindented, as the page shows them.</summary>
    private static string Snippet()
    {
        var source = File.ReadAllLines(Path.Combine(Repository.Root(), "tests", "Exchange.IntegrationTests", "ClientDocTests.cs"));
        var from = Array.FindIndex(source, l => l.Trim() == "// docs/client.md: getting started") + 1;
        var to = Array.FindIndex(source, l => l.Trim() == "// end of getting started");
        return string.Join('\n', source[from..to].Select(l => l.Length >= 8 ? l[8..] : l.Trim())) + "\n";
    }

    private static async Task GettingStarted(int port)
    {
        // docs/client.md: getting started
        await using var client = await ExchangeClient.ConnectAsync(new ClientOptions
        {
            Endpoints = [("127.0.0.1", port)], Account = 1, Secret = "secret-1", AutoReconnect = true,
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
