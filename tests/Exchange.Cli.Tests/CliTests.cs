using System.Globalization;
using Exchange.IntegrationTests;

namespace Exchange.Cli.Tests;

/// <summary>exchange-cli against a real engine and gateway on a loopback port (accounts 1–3, secret "secret-N").</summary>
public sealed class CliTests
{
    private static (int Exit, string Out, string Error) Cli(ExchangeHost host, long account, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] all = [.. args, "--port", host.Gateway.Port.ToString(CultureInfo.InvariantCulture), "--account",
            account.ToString(CultureInfo.InvariantCulture), "--secret", $"secret-{account}", "--wait", "10"];
        var exit = CliCommand.Run(all, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Place_book_and_cancel_work_end_to_end()
    {
        await using var host = await ExchangeHost.StartAsync();
        var placed = Cli(host, 1, "place", "sell", "5", "--price", "100", "--client-id", "77");
        Assert.Equal(0, placed.Exit);
        Assert.Contains("accepted  order", placed.Out, StringComparison.Ordinal);

        var book = Cli(host, 3, "book", "--json");
        Assert.Equal(0, book.Exit);
        Assert.Contains("\"asks\":[{\"price\":100,\"quantity\":5,\"orders\":1}]", book.Out, StringComparison.Ordinal);

        var taken = Cli(host, 2, "place", "buy", "2", "--price", "100");
        Assert.Equal(0, taken.Exit);
        Assert.Contains("executed", taken.Out, StringComparison.Ordinal);
        Assert.Contains("taker", taken.Out, StringComparison.Ordinal);

        var canceled = Cli(host, 1, "cancel", "--client-id", "77");
        Assert.Equal(0, canceled.Exit);
        Assert.Contains("canceled", canceled.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejections_login_failures_and_bad_usage_have_their_exit_codes()
    {
        await using var host = await ExchangeHost.StartAsync();
        var rejected = Cli(host, 1, "place", "buy", "1", "--price", "100", "--instrument", "42");
        Assert.Equal(3, rejected.Exit);
        Assert.Contains("UnknownInstrument", rejected.Out, StringComparison.Ordinal);

        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CliCommand.Run(["book", "--port", host.Gateway.Port.ToString(CultureInfo.InvariantCulture), "--account", "1", "--secret", "nope"], output, error);
        Assert.Equal(2, exit);
        Assert.Contains("login refused", error.ToString(), StringComparison.Ordinal);

        Assert.Equal(1, Cli(host, 1, "place", "hold", "1", "--price", "1").Exit);
        Assert.Equal(1, Cli(host, 1, "place", "buy", "1").Exit);
        Assert.Equal(1, Cli(host, 1, "cancel").Exit);
    }

    [Fact]
    public async Task Balances_and_orders_show_the_accounts_state()
    {
        await using var host = await ExchangeHost.StartAsync();
        Assert.Equal(0, Cli(host, 1, "place", "buy", "4", "--price", "100", "--client-id", "5").Exit);
        var orders = Cli(host, 1, "orders", "--json");
        Assert.Equal(0, orders.Exit);
        Assert.Contains("\"clientOrderId\":5", orders.Out, StringComparison.Ordinal);
        Assert.Contains("\"leaves\":4", orders.Out, StringComparison.Ordinal);
        var balances = Cli(host, 1, "balances", "--json");
        Assert.Equal(0, balances.Exit);
        Assert.Contains("{\"asset\":2,\"available\":999600,\"held\":400}", balances.Out, StringComparison.Ordinal);
        Assert.Contains("   order", Cli(host, 2, "orders").Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_commands_work_for_the_admin_and_are_refused_for_traders()
    {
        await using var host = await ExchangeHost.StartAsync();
        var output = new StringWriter();
        var error = new StringWriter();
        string[] common = ["--port", host.Gateway.Port.ToString(CultureInfo.InvariantCulture), "--account", "9", "--secret", "admin-secret", "--wait", "10"];
        Assert.Equal(0, CliCommand.Run(["admin", "deposit", "--target", "2", "--asset", "2", "--amount", "77", .. common], output, error));
        Assert.Contains("balance-changed: account 2", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, CliCommand.Run(["admin", "withdraw", "--target", "2", "--asset", "2", "--amount", "999999999", .. common], output, error));
        Assert.Contains("InsufficientBalance", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, CliCommand.Run(["admin", "add-instrument", "--instrument", "5", "--symbol", "SOL-USD", "--base", "4", "--quote", "2", "--start-price", "150", .. common], output, error));
        Assert.Contains("instrument-added", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, Cli(host, 1, "admin", "halt", "--instrument", "1").Exit);
    }

    [Fact]
    public async Task Trades_follow_the_stream()
    {
        await using var host = await ExchangeHost.StartAsync();
        var follower = Task.Run(() => Cli(host, 3, "trades", "--count", "1"));
        await Task.Delay(500);
        Cli(host, 1, "place", "sell", "1", "--price", "100");
        Cli(host, 2, "place", "buy", "1", "--price", "100");
        var (exit, output, _) = await follower;
        Assert.Equal(0, exit);
        Assert.Contains("trade 1: 1 @ 100", output, StringComparison.Ordinal);
    }
}
