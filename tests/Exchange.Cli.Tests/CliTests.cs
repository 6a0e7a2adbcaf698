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
        Assert.Contains("accepted: sell 5 I1 @ 100 (order", placed.Out, StringComparison.Ordinal);

        var book = Cli(host, 3, "book", "--json");
        Assert.Equal(0, book.Exit);
        Assert.Contains("\"asks\":[{\"price\":100,\"quantity\":5,\"orders\":1}]", book.Out, StringComparison.Ordinal);

        var taken = Cli(host, 2, "place", "buy", "2", "--price", "100");
        Assert.Equal(0, taken.Exit);
        Assert.Contains("filled: buy 2 I1 @ 100 as taker, 0 left", taken.Out, StringComparison.Ordinal);

        var canceled = Cli(host, 1, "cancel", "--client-id", "77");
        Assert.Equal(0, canceled.Exit);
        Assert.Contains("canceled", canceled.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejections_login_failures_and_bad_usage_have_their_exit_codes()
    {
        await using var host = await ExchangeHost.StartAsync();
        var unknown = Cli(host, 1, "place", "buy", "1", "--price", "100", "--instrument", "42");
        Assert.Equal(1, unknown.Exit); // refused before sending: the venue lists no such instrument
        Assert.Contains("no instrument '42' (known: I1 (1))", unknown.Error, StringComparison.Ordinal);

        var rejected = Cli(host, 1, "place", "buy", "2000000", "--price", "100", "--instrument", "I1");
        Assert.Equal(3, rejected.Exit);
        Assert.Contains("rejected: quantity 2,000,000 is outside 1–1,000,000", rejected.Out, StringComparison.Ordinal);
        Assert.Contains("reason QuantityOutOfRange 5", rejected.Out, StringComparison.Ordinal);

        var fractional = Cli(host, 1, "place", "buy", "1", "--price", "100.5");
        Assert.Equal(1, fractional.Exit);
        Assert.Contains("price 100.5 is not a multiple of the tick 1 of I1", fractional.Error, StringComparison.Ordinal);

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
        Assert.Contains("{\"asset\":2,\"symbol\":\"asset 2\",\"available\":999600,\"held\":400}", balances.Out, StringComparison.Ordinal);
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
        Assert.Contains("account 2: asset 2 +77; available 1,000,077, held 0", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, CliCommand.Run(["admin", "withdraw", "--target", "2", "--asset", "2", "--amount", "999999999", .. common], output, error));
        Assert.Contains("InsufficientBalance", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, CliCommand.Run(["admin", "add-instrument", "--instrument", "5", "--symbol", "SOL-USD", "--base", "4", "--quote", "2", "--start-price", "150", .. common], output, error));
        Assert.Contains("instrument 5 added", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, CliCommand.Run(["admin", "snapshot", .. common], output, error));
        Assert.Contains("snapshot taken at sequence", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, CliCommand.Run(["admin", "add-account", "--target", "60", "--new-secret", new string('x', 33), .. common], output, error));
        Assert.Contains("longer than 32", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 33), error.ToString(), StringComparison.Ordinal); // never echo a secret
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
        Assert.Contains("trade 1: 1 I1 @ 100 (buyer aggressed)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_advanced_order_type_works_from_the_command_line()
    {
        await using var host = await ExchangeHost.StartAsync();
        // Last trade 100.
        Assert.Equal(0, Cli(host, 1, "place", "sell", "1", "--price", "100").Exit);
        Assert.Equal(0, Cli(host, 2, "place", "buy", "1", "--price", "100").Exit);

        // A stop-limit, a stop-market sell, an iceberg, a GTD and a day order rest; orders lists them with their details.
        Assert.Equal(0, Cli(host, 3, "place", "buy", "4", "--stop-price", "105", "--price", "106", "--client-id", "31").Exit);
        Assert.Equal(0, Cli(host, 3, "place", "sell", "2", "--stop-price", "90", "--market", "--client-id", "32").Exit);
        Assert.Equal(0, Cli(host, 1, "place", "sell", "30", "--price", "106", "--display", "5", "--client-id", "11").Exit);
        Assert.Equal(0, Cli(host, 1, "place", "buy", "3", "--price", "80", "--expire", "+1h", "--client-id", "12").Exit);
        Assert.Equal(0, Cli(host, 1, "place", "buy", "3", "--price", "81", "--tif", "day", "--client-id", "13").Exit);
        var carol = Cli(host, 3, "orders");
        Assert.Contains("stop-limit  gtc           106          4/4 stop 105", carol.Out, StringComparison.Ordinal);
        Assert.Contains("sell stop        gtc             0          2/2 stop 90", carol.Out, StringComparison.Ordinal);
        var alice = Cli(host, 1, "orders", "--json").Out;
        Assert.Contains("\"displayQuantity\":5", alice, StringComparison.Ordinal);
        Assert.Contains("\"timeInForce\":\"gtd\"", alice, StringComparison.Ordinal);
        Assert.Contains("\"timeInForce\":\"day\"", alice, StringComparison.Ordinal);
        Assert.Contains("\"quantity\":5,", Cli(host, 2, "book", "--json").Out, StringComparison.Ordinal); // only the iceberg's slice

        // Moving a stop; a stop that would fire at once is refused with its reason.
        var stopId = System.Text.RegularExpressions.Regex.Match(carol.Out, @"(\d+)\s+31 ").Groups[1].Value;
        Assert.Equal(0, Cli(host, 3, "replace", "--order-id", stopId, "--price", "107", "--quantity", "4", "--stop-price", "104").Exit);
        var refused = Cli(host, 3, "place", "buy", "1", "--stop-price", "100", "--price", "101");
        Assert.Equal(3, refused.Exit);
        Assert.Contains("rejected: the stop price is already reached: the stop would fire at once", refused.Out, StringComparison.Ordinal);
        Assert.Contains("reason StopWouldTrigger 33", refused.Out, StringComparison.Ordinal);

        // A trade at 104 fires Carol's stop-limit, which buys 4 from the iceberg at 106.
        Assert.Equal(0, Cli(host, 1, "place", "sell", "1", "--price", "104").Exit);
        Assert.Equal(0, Cli(host, 2, "place", "buy", "1", "--price", "104").Exit);
        Assert.DoesNotContain("stop-limit", Cli(host, 3, "orders").Out, StringComparison.Ordinal);

        // A quote-amount buy: 1,060 buys 10 at 106 (the iceberg refills behind itself) and releases nothing more.
        var quote = Cli(host, 2, "place", "buy", "0", "--quote-amount", "1060");
        Assert.Equal(0, quote.Exit);
        Assert.Contains("quote amount spent", quote.Out, StringComparison.Ordinal);

        // Usage errors before connecting.
        Assert.Equal(1, Cli(host, 1, "place", "sell", "1", "--quote-amount", "100").Exit);
        Assert.Equal(1, Cli(host, 1, "place", "buy", "1", "--price", "80", "--tif", "gtd").Exit);
        Assert.Equal(1, Cli(host, 1, "place", "buy", "1", "--price", "80", "--expire", "tomorrow-ish").Exit);
    }

    [Fact]
    public async Task Symbols_work_everywhere_ids_still_do_and_results_read_as_sentences()
    {
        var assets = new[] { new Exchange.Gateway.AssetInfo(Exchange.Testing.Specs.Btc, "BTC"), new Exchange.Gateway.AssetInfo(Exchange.Testing.Specs.Usd, "USD") };
        await using var host = await ExchangeHost.StartAsync(new Exchange.Gateway.GatewayOptions { Assets = assets, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        var listing = Cli(host, 3, "instruments");
        Assert.Equal(0, listing.Exit);
        Assert.Contains("I1          BTC/USD      trading", listing.Out, StringComparison.Ordinal);
        Assert.Contains("assets: BTC (1), USD (2)", listing.Out, StringComparison.Ordinal);
        Assert.Contains("\"symbol\":\"I1\",\"base\":\"BTC\",\"quote\":\"USD\"", Cli(host, 3, "instruments", "--json").Out, StringComparison.Ordinal);

        Assert.Equal(0, Cli(host, 1, "place", "sell", "500", "--price", "1000", "--instrument", "i1").Exit); // any case
        var bought = Cli(host, 2, "place", "buy", "400", "--price", "1000", "--instrument", "1");
        Assert.Contains("filled: buy 400 I1 @ 1,000 as taker, 0 left, fee 0 USD", bought.Out, StringComparison.Ordinal);
        Assert.Contains("USD        ", Cli(host, 2, "balances").Out, StringComparison.Ordinal);
        Assert.Contains("1,400", Cli(host, 2, "balances").Out, StringComparison.Ordinal); // 1,000 BTC + 400 bought

        var massCancel = Cli(host, 1, "mass-cancel", "--instrument", "I1");
        Assert.Equal(0, massCancel.Exit);
        Assert.Contains("mass cancel done: 1 order canceled on I1", massCancel.Out, StringComparison.Ordinal);

        string[] admin = ["--port", host.Gateway.Port.ToString(CultureInfo.InvariantCulture), "--account", "9", "--secret", "admin-secret", "--wait", "10"];
        var output = new StringWriter();
        Assert.Equal(0, CliCommand.Run(["admin", "deposit", "--target", "3", "--asset", "usd", "--amount", "1234567", .. admin], output, new StringWriter()));
        Assert.Contains("account 3: USD +1,234,567; available 2,234,567, held 0", output.ToString(), StringComparison.Ordinal);
        var error = new StringWriter();
        Assert.Equal(1, CliCommand.Run(["admin", "deposit", "--target", "3", "--asset", "DOGE", "--amount", "1", .. admin], new StringWriter(), error));
        Assert.Contains("no asset 'DOGE' (known: BTC (1), USD (2))", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Book_follow_redraws_a_live_view_beside_trading_with_the_same_account()
    {
        await using var host = await ExchangeHost.StartAsync();
        Assert.Equal(0, Cli(host, 1, "place", "sell", "3", "--price", "105").Exit);
        var output = new StringWriter();
        var viewer = Task.Run(() => CliCommand.Run(["book", "--follow", "--wait", "3", "--port", host.Gateway.Port.ToString(CultureInfo.InvariantCulture),
            "--account", "1", "--secret", "secret-1"], output, new StringWriter())); // a market-data session of account 1, for 3 s
        await Task.Delay(1_000);
        Assert.Equal(0, Cli(host, 1, "place", "buy", "2", "--price", "99").Exit); // trading beside it, same account
        Assert.Equal(0, await viewer);
        Assert.Contains("105", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("99", output.ToString(), StringComparison.Ordinal); // the bid that arrived while it was open
    }

    public static TheoryData<string> EveryCommand =>
    [
        string.Empty, "place", "cancel", "replace", "mass-cancel", "book", "trades", "balances", "orders", "instruments", "admin", "admin deposit",
        "admin withdraw", "admin add-account", "admin halt", "admin resume", "admin snapshot", "admin add-instrument",
    ];

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public void Help_shows_examples(string command)
    {
        var output = new StringWriter();
        Assert.Equal(0, CliCommand.Run([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"], output, new StringWriter()));
        Assert.Contains("Examples:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(("exchange-cli " + command).Trim(), output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_is_in_the_help_test()
    {
        var listed = new HashSet<string>();
        foreach (string row in EveryCommand)
        {
            listed.Add(row);
        }

        void Walk(System.CommandLine.Command command, string path)
        {
            Assert.Contains(path, listed);
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, (path + " " + sub.Name).Trim());
            }
        }

        Walk(CliCommand.Build(TextWriter.Null, TextWriter.Null), string.Empty);
    }
}
