using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Exchange.Client;
using Exchange.Protocol.Admin;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;
using static System.FormattableString;

namespace Exchange.Cli;

/// <summary>
/// exchange-cli: a scriptable trading client. Every command connects, logs in (live messages only),
/// does one thing, prints the outcome (text or --json) and exits with a code that says what happened.
/// </summary>
internal static class CliCommand
{
    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Build(output, error).Parse(args).InvokeBriefly(new InvocationConfiguration { Output = output, Error = error });

    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var host = new Option<string>("--host") { Description = "Exchange host.", DefaultValueFactory = _ => "127.0.0.1", Recursive = true };
        var port = new Option<int>("--port") { Description = "Exchange port.", DefaultValueFactory = _ => 7001, Recursive = true }.Within(1, 65_535);
        var account = new Option<long>("--account")
        {
            Description = "Account id (or EXCHANGE_ACCOUNT).", Recursive = true,
            DefaultValueFactory = _ => long.TryParse(Environment.GetEnvironmentVariable("EXCHANGE_ACCOUNT"), CultureInfo.InvariantCulture, out var a) ? a : 0,
        }.Within(0, long.MaxValue);
        var secret = new Option<string>("--secret")
        {
            Description = "Account secret (or EXCHANGE_SECRET; never shown).", Recursive = true, // no default value: help would print it
        }.FitsLogin();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text.", Recursive = true };
        var wait = new Option<double>("--wait") { Description = "Seconds to wait for answers.", DefaultValueFactory = _ => 3, Recursive = true }.Within(0.001, 86_400);
        var tls = new Option<bool>("--tls") { Description = "Connect with TLS (the server's certificate checked against the system's roots, or --tls-ca's).", Recursive = true };
        var tlsServerName = new Option<string?>("--tls-server-name") { Description = "The name the server's certificate must carry (default: --host).", Recursive = true };
        var tlsCa = new Option<string?>("--tls-ca") { Description = "A PEM file of the certificate authorities to trust (a venue's private CA).", Recursive = true };
        var root = new RootCommand("exchange-cli: trade on an Exchange server. Instruments and assets by symbol or id.\nExit codes: 0 ok, 1 usage, 2 connection or login failed, 3 rejected, 4 no answer in time." + Examples(
            "export EXCHANGE_ACCOUNT=1001 EXCHANGE_SECRET=alice-secret",
            "exchange-cli instruments",
            "exchange-cli place buy 2 --price 65000 --instrument BTC-USD",
            "exchange-cli book --follow",
            "exchange-cli admin deposit --target 1002 --asset USD --amount 5000 --account 9000 --secret admin-secret"))
        {
            host, port, account, secret, json, wait, tls, tlsServerName, tlsCa,
        };

        CliSession Session(ParseResult r) => new(r.GetValue(host)!, r.GetValue(port), r.GetValue(account), r.GetValue(secret) ?? Environment.GetEnvironmentVariable("EXCHANGE_SECRET") ?? string.Empty, r.GetValue(json),
            TimeSpan.FromSeconds(r.GetValue(wait)), r.GetResult(wait) is { Implicit: false } ? TimeSpan.FromSeconds(r.GetValue(wait)) : null, output, error,
            r.GetValue(tls) || r.GetValue(tlsCa) is not null || r.GetValue(tlsServerName) is not null ? new ClientTls { ServerName = r.GetValue(tlsServerName), CaFile = r.GetValue(tlsCa) } : null);

        var side = new Argument<string>("side") { Description = "buy or sell." };
        side.AcceptOnlyFromAmong("buy", "sell");
        var quantity = new Argument<long>("quantity") { Description = "Quantity in base units." };
        var price = new Option<decimal?>("--price") { Description = "Limit price in quote units, a multiple of the instrument's tick (omit with --market)." }.Within(0m, long.MaxValue);
        var instrument = Instrument("1");
        var tif = new Option<string>("--tif") { Description = "gtc, ioc, fok, gtd (with --expire) or day (expires at the next UTC midnight).", DefaultValueFactory = _ => "gtc" };
        tif.AcceptOnlyFromAmong("gtc", "ioc", "fok", "gtd", "day");
        var market = new Option<bool>("--market") { Description = "A market order (with --stop-price: a stop-market order)." };
        var postOnly = new Option<bool>("--post-only") { Description = "Reject instead of taking liquidity." };
        var clientId = new Option<long?>("--client-id") { Description = "Client order id (default: derived from the clock)." }.Within(1, long.MaxValue);
        var stopPrice = new Option<long?>("--stop-price")
        {
            Description = "A stop: rests off the book until the last trade reaches this price (buy: at or above, sell: at or below); "
                + "then a market order, or with --price a limit order (stop-limit).",
        }.Within(1, long.MaxValue);
        var display = new Option<long>("--display") { Description = "An iceberg: show this much at a time (whole lots)." }.Within(0, long.MaxValue);
        var expire = new Option<string?>("--expire") { Description = "Good till (sets --tif gtd): a delay from now (+90s, +15m, +2h), today 18:00, an ISO 8601 time (UTC unless an offset is given) or nanoseconds since the Unix epoch." };
        var quoteAmount = new Option<long?>("--quote-amount")
        {
            Description = "Buy for this much quote, fees included (quantity 0 = as much as it buys; with --price an IOC limit, else market).",
        }.Within(1, long.MaxValue);
        var protection = new Option<long>("--protection") { Description = "Market and stop-market orders: the worst price to trade at." }.Within(0, long.MaxValue);
        var place = new Command("place", "Enter an order and print its acknowledgement and fills." + Examples(
            "exchange-cli place buy 2 --price 65000 --instrument BTC-USD",
            "exchange-cli place sell 1 --market --protection 60000",
            "exchange-cli place sell 10 --price 3100 --instrument ETH-USD --display 2 --expire +2h",
            "exchange-cli place buy 0 --quote-amount 100000"))
        {
            side, quantity, price, instrument, tif, market, postOnly, clientId, stopPrice, display, expire, quoteAmount, protection,
        };
        place.SetAction(r =>
        {
            var limit = r.GetValue(price);
            var whole = limit is { } p && decimal.Truncate(p) == p && p >= long.MinValue && p <= long.MaxValue ? (long?)p : null;
            var request = new OrderRequest(r.GetValue(side) == "buy" ? (byte)1 : (byte)2, r.GetValue(quantity), limit is null ? null : whole ?? 0, 0,
                r.GetValue(tif) switch { "ioc" => (byte)2, "fok" => (byte)3, "gtd" => (byte)4, "day" => (byte)5, _ => (byte)1 }, r.GetValue(market),
                r.GetValue(postOnly), r.GetValue(clientId), r.GetValue(stopPrice), r.GetValue(display), r.GetValue(expire), r.GetValue(quoteAmount),
                r.GetValue(protection));
            return Session(r).Place(request, r.GetValue(instrument)!, whole is null ? limit : null);
        });

        var orderId = new Option<long>("--order-id") { Description = "Exchange order id." }.Within(0, long.MaxValue);
        var cancelClientId = new Option<long>("--client-id") { Description = "Client order id (when no order id is given)." }.Within(0, long.MaxValue);
        var cancel = new Command("cancel", "Cancel one of your orders." + Examples("exchange-cli cancel --order-id 17", "exchange-cli cancel --client-id 42")) { orderId, cancelClientId };
        cancel.SetAction(r => Session(r).Cancel(r.GetValue(orderId), r.GetValue(cancelClientId)));

        var replaceOrder = new Option<long>("--order-id") { Description = "Exchange order id.", Required = true }.Within(1, long.MaxValue);
        var newPrice = new Option<long>("--price") { Description = "New price (0 for a stop-market order).", Required = true }.Within(0, long.MaxValue);
        var newQuantity = new Option<long>("--quantity") { Description = "New open quantity.", Required = true }.Within(1, long.MaxValue);
        var newStopPrice = new Option<long?>("--stop-price") { Description = "A stop that has not fired: its new stop price." }.Within(1, long.MaxValue);
        var replace = new Command("replace", "Change an order's price and open quantity (and a stop's stop price)." + Examples("exchange-cli replace --order-id 17 --price 64900 --quantity 2")) { replaceOrder, newPrice, newQuantity, newStopPrice };
        replace.SetAction(r => Session(r).Replace(r.GetValue(replaceOrder), r.GetValue(newPrice), r.GetValue(newQuantity), r.GetValue(newStopPrice)));

        var massInstrument = Instrument(CliSession.All);
        var massCancel = new Command("mass-cancel", "Cancel all your orders (on one instrument or all); prints how many." + Examples("exchange-cli mass-cancel", "exchange-cli mass-cancel --instrument BTC-USD")) { massInstrument };
        massCancel.SetAction(r => Session(r).MassCancel(r.GetValue(massInstrument)!));

        var bookInstrument = Instrument("1");
        var follow = new Option<bool>("--follow") { Description = "Keep the view open, redrawn as it changes, until Ctrl-C (or for --wait seconds if given)." };
        var depth = new Option<int>("--depth") { Description = "Levels per side.", DefaultValueFactory = _ => 10 }.Within(1, 1_000);
        var book = new Command("book", "Print the L2 book (over a market-data-only session: it may run beside your trading)." + Examples(
            "exchange-cli book --instrument BTC-USD --depth 5", "exchange-cli book --instrument ETH-USD --follow")) { bookInstrument, depth, follow };
        book.SetAction(r => Session(r).Book(r.GetValue(bookInstrument)!, r.GetValue(depth), r.GetValue(follow)));

        var tradesInstrument = Instrument("1");
        var count = new Option<int>("--count") { Description = "Stop after this many trades (0 = follow until the wait ends).", DefaultValueFactory = _ => 0 }.Within(0, int.MaxValue);
        var trades = new Command("trades", "Print trades as they happen (over a market-data-only session)." + Examples(
            "exchange-cli trades --instrument BTC-USD --count 1 --wait 60", "exchange-cli trades --follow")) { tradesInstrument, count, follow };
        trades.SetAction(r => Session(r).Trades(r.GetValue(tradesInstrument)!, r.GetValue(count), r.GetValue(follow)));

        var balances = new Command("balances", "Print your balances (available and held) per asset." + Examples("exchange-cli balances --account 1001 --secret alice-secret"));
        balances.SetAction(r => Session(r).Balances());
        var ordersInstrument = Instrument(CliSession.All);
        var orders = new Command("orders", "Print your open orders." + Examples("exchange-cli orders", "exchange-cli orders --instrument ETH-USD --json")) { ordersInstrument };
        orders.SetAction(r => Session(r).Orders(r.GetValue(ordersInstrument)!));
        var instruments = new Command("instruments", "List the instruments (symbol, assets, tick, lot, quantity limits, the band open now, status, last price) and the assets." + Examples("exchange-cli instruments", "exchange-cli instruments --json"));
        instruments.SetAction(r => Session(r).Instruments());

        root.Subcommands.Add(BuildAdmin(Session));
        root.Subcommands.Add(instruments);
        root.Subcommands.Add(balances);
        root.Subcommands.Add(orders);
        root.Subcommands.Add(place);
        root.Subcommands.Add(cancel);
        root.Subcommands.Add(replace);
        root.Subcommands.Add(massCancel);
        root.Subcommands.Add(book);
        root.Subcommands.Add(trades);
        return root;
    }

    /// <summary>exchange-cli admin ...: administrative commands, for admin accounts only.</summary>
    private static Command BuildAdmin(Func<ParseResult, CliSession> session)
    {
        var admin = new Command("admin", "Administrative commands (admin accounts only). Instruments and assets by symbol or id." + Examples(
            "exchange-cli admin deposit --target 1002 --asset USD --amount 5000 --account 9000 --secret admin-secret",
            "exchange-cli admin add-account --target 2001 --new-secret dave-secret --account 9000 --secret admin-secret"));
        Option<long> Account() => new Option<long>("--target") { Description = "The account to act on.", Required = true }.Within(1, long.MaxValue);
        Option<string> Asset() => new("--asset") { Description = "Asset symbol (USD) or id.", Required = true };
        Option<long> Amount() => new Option<long>("--amount") { Description = "Amount in the asset's units.", Required = true }.Within(1, long.MaxValue);
        Option<string> Instrument() => new("--instrument") { Description = "Instrument symbol (BTC-USD) or id.", Required = true };
        int AssetOf(ReferenceData refs, string text) => (int)(refs.ResolveAsset(text, out var problem) ?? throw new UsageException(problem!));

        var depositAccount = Account();
        var depositAsset = Asset();
        var depositAmount = Amount();
        var deposit = new Command("deposit", "Credit an account." + Examples("exchange-cli admin deposit --target 1002 --asset USD --amount 5000 --account 9000 --secret admin-secret")) { depositAccount, depositAsset, depositAmount };
        deposit.SetAction(r => session(r).Admin((c, refs, t) => c.DepositAsync(r.GetValue(depositAccount), AssetOf(refs, r.GetValue(depositAsset)!), r.GetValue(depositAmount), t)));

        var withdrawAccount = Account();
        var withdrawAsset = Asset();
        var withdrawAmount = Amount();
        var withdraw = new Command("withdraw", "Debit an account's available balance." + Examples("exchange-cli admin withdraw --target 1002 --asset BTC --amount 1 --account 9000 --secret admin-secret")) { withdrawAccount, withdrawAsset, withdrawAmount };
        withdraw.SetAction(r => session(r).Admin((c, refs, t) => c.WithdrawAsync(r.GetValue(withdrawAccount), AssetOf(refs, r.GetValue(withdrawAsset)!), r.GetValue(withdrawAmount), t)));

        var newAccount = Account();
        var newSecret = new Option<string>("--new-secret") { Description = "The new account's login secret (1..32 UTF-8 bytes); the server keeps only a salted hash. Without it the account cannot log in." }.FitsLogin();
        var addAccount = new Command("add-account", "Open an account, with a login if --new-secret is given (one journaled step; it survives restarts)." + Examples(
            "exchange-cli admin add-account --target 2001 --new-secret dave-secret --account 9000 --secret admin-secret")) { newAccount, newSecret };
        addAccount.SetAction(r => session(r).Admin((c, _, t) => c.AddAccountAsync(r.GetValue(newAccount), r.GetValue(newSecret), t)));

        var haltInstrument = Instrument();
        var halt = new Command("halt", "Halt trading on an instrument (cancels stay allowed)." + Examples("exchange-cli admin halt --instrument ETH-USD --account 9000 --secret admin-secret")) { haltInstrument };
        halt.SetAction(r => session(r).Admin((c, refs, t) => c.HaltAsync((int)CliSession.Resolve(refs, r.GetValue(haltInstrument)!), t)));

        var resumeInstrument = Instrument();
        var resume = new Command("resume", "Resume trading on an instrument." + Examples("exchange-cli admin resume --instrument ETH-USD --account 9000 --secret admin-secret")) { resumeInstrument };
        resume.SetAction(r => session(r).Admin((c, refs, t) => c.ResumeAsync((int)CliSession.Resolve(refs, r.GetValue(resumeInstrument)!), t)));

        var snapshot = new Command("snapshot", "Ask the engine to take a snapshot now; prints the sequence it was taken at." + Examples("exchange-cli admin snapshot --account 9000 --secret admin-secret"));
        snapshot.SetAction(r => session(r).Admin((c, _, t) => c.TakeSnapshotAsync(t)));

        var id = new Option<int>("--instrument") { Description = "The new instrument's id.", Required = true }.Within(1, int.MaxValue);
        var symbol = new Option<string>("--symbol") { Description = "Its symbol (1..32 UTF-8 bytes).", Required = true };
        symbol.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } text && (text.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(text) > 32))
            {
                result.AddError($"--symbol '{text}' must be 1 to 32 bytes (UTF-8)");
            }
        });
        var baseAsset = new Option<string>("--base") { Description = "Base asset symbol or id.", Required = true };
        var quoteAsset = new Option<string>("--quote") { Description = "Quote asset symbol or id.", Required = true };
        var tick = new Option<long>("--tick") { Description = "Price tick (prices are multiples of it).", DefaultValueFactory = _ => 1 }.Within(1, long.MaxValue);
        var lot = new Option<long>("--lot") { Description = "Lot size (quantities are multiples of it).", DefaultValueFactory = _ => 1 }.Within(1, long.MaxValue);
        var min = new Option<long>("--min") { Description = "Smallest order quantity.", DefaultValueFactory = _ => 1 }.Within(1, long.MaxValue);
        var max = new Option<long>("--max") { Description = "Largest order quantity.", DefaultValueFactory = _ => 1_000_000 }.Within(1, long.MaxValue);
        var start = new Option<long>("--start-price") { Description = "Reference price until the first trade (a multiple of --tick).", Required = true }.Within(1, long.MaxValue);
        var bandBps = new Option<long>("--band-bps") { Description = "Orders priced further than this from the reference price (the last trade, at first --start-price) are rejected; basis points, 0 = no band.", DefaultValueFactory = _ => 1_000 }.Within(0, long.MaxValue);
        var makerBps = new Option<long>("--maker-bps") { Description = "Maker fee in basis points of the notional.", DefaultValueFactory = _ => 0 }.Within(0, 10_000);
        var takerBps = new Option<long>("--taker-bps") { Description = "Taker fee in basis points of the notional.", DefaultValueFactory = _ => 0 }.Within(0, 10_000);
        var addInstrument = new Command("add-instrument", "List a new instrument." + Examples(
            "exchange-cli admin add-instrument --instrument 3 --symbol SOL-USD --base 4 --quote USD --start-price 150 --account 9000 --secret admin-secret"))
        {
            id, symbol, baseAsset, quoteAsset, tick, lot, min, max, start, bandBps, makerBps, takerBps,
        };
        addInstrument.SetAction(r => session(r).Admin((c, refs, t) => c.AddInstrumentAsync(
            new InstrumentDefinition(r.GetValue(id), r.GetValue(symbol)!, AssetOf(refs, r.GetValue(baseAsset)!), AssetOf(refs, r.GetValue(quoteAsset)!), r.GetValue(start))
            {
                TickSize = r.GetValue(tick), LotSize = r.GetValue(lot), MinQuantity = r.GetValue(min), MaxQuantity = r.GetValue(max), PriceBandBps = r.GetValue(bandBps),
                MakerFeeBps = r.GetValue(makerBps), TakerFeeBps = r.GetValue(takerBps),
            },
            t)));

        foreach (var command in new[] { deposit, withdraw, addAccount, halt, resume, snapshot, addInstrument })
        {
            admin.Subcommands.Add(command);
        }

        return admin;
    }

    /// <summary>An --instrument option taking a symbol (BTC-USD) or an id, checked against the venue's list once connected.</summary>
    private static Option<string> Instrument(string defaultValue) => new("--instrument")
    {
        Description = defaultValue == CliSession.All ? "Instrument symbol or id (all = every instrument)." : "Instrument symbol (BTC-USD) or id (the demo's 1 is BTC-USD).",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>A help section of example command lines.</summary>
    private static string Examples(params string[] lines) => "\n\nExamples:\n  " + string.Join("\n  ", lines);
}
