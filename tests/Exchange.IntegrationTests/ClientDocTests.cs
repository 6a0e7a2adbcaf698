using Exchange.Client;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Orders;
using Exchange.Testing;

namespace Exchange.IntegrationTests;

/// <summary>docs/client.md's getting-started code is samples/Exchange.Samples/GettingStarted.cs, run against a real server: it compiles and does what the page says.</summary>
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

        await Exchange.Samples.GettingStarted.RunAsync(host.Gateway.Port, 1, "secret-1").WaitAsync(ExchangeHost.Patience);

        await using var check = await host.ConnectAsync(1, ExchangeClient.LiveOnly);
        var open = Assert.Single(await check.QueryOpenOrdersAsync());
        Assert.Equal((1L, 1L), (open.Leaves, open.Quantity - 1)); // bought 1 of 2, the rest rests

        var page = File.ReadAllText(Path.Combine(Repository.Root(), "docs", "client.md"));
        Assert.Contains(Snippet(), page.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    /// <summary>The lines between the markers in the sample, unindented, as the page shows them.</summary>
    private static string Snippet()
    {
        var source = File.ReadAllLines(Path.Combine(Repository.Root(), "samples", "Exchange.Samples", "GettingStarted.cs"));
        var from = Array.FindIndex(source, l => l.Trim() == "// docs/client.md: getting started") + 1;
        var to = Array.FindIndex(source, l => l.Trim() == "// end of getting started");
        return string.Join('\n', source[from..to].Select(l => l.Length >= 8 ? l[8..] : l.Trim())) + "\n";
    }
}
