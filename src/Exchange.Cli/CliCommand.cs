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
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Build(output, error).Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });

    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var host = new Option<string>("--host") { Description = "Exchange host.", DefaultValueFactory = _ => "127.0.0.1", Recursive = true };
        var port = new Option<int>("--port") { Description = "Exchange port.", DefaultValueFactory = _ => 7001, Recursive = true }.Within(1, 65_535);
        var account = new Option<long>("--account")
        {
            Description = "Account id (or EXCHANGE_ACCOUNT).", Recursive = true,
            DefaultValueFactory = _ => long.TryParse(Environment.GetEnvironmentVariable("EXCHANGE_ACCOUNT"), CultureInfo.InvariantCulture, out var a) ? a : 0,
        };
        var secret = new Option<string>("--secret")
        {
            Description = "Account secret (or EXCHANGE_SECRET).", Recursive = true,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("EXCHANGE_SECRET") ?? string.Empty,
        }.FitsLogin();
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text.", Recursive = true };
        var wait = new Option<double>("--wait") { Description = "Seconds to wait for answers.", DefaultValueFactory = _ => 3, Recursive = true }.Within(0.001, 86_400);
        var root = new RootCommand("exchange-cli: trade on an Exchange server.\nExit codes: 0 ok, 1 usage, 2 connection or login failed, 3 rejected, 4 no answer in time.")
        {
            host, port, account, secret, json, wait,
        };

        Session Session(ParseResult r) => new(r.GetValue(host)!, r.GetValue(port), r.GetValue(account), r.GetValue(secret)!, r.GetValue(json),
            TimeSpan.FromSeconds(r.GetValue(wait)), output, error);

        var side = new Argument<string>("side") { Description = "buy or sell." };
        side.AcceptOnlyFromAmong("buy", "sell");
        var quantity = new Argument<long>("quantity") { Description = "Quantity in base units." };
        var price = new Option<long?>("--price") { Description = "Limit price (omit with --market)." };
        var instrument = new Option<int>("--instrument") { Description = "Instrument id.", DefaultValueFactory = _ => 1 }.Within(1, int.MaxValue);
        var tif = new Option<string>("--tif") { Description = "gtc, ioc, fok, gtd (with --expire) or day (expires at the next UTC midnight).", DefaultValueFactory = _ => "gtc" };
        tif.AcceptOnlyFromAmong("gtc", "ioc", "fok", "gtd", "day");
        var market = new Option<bool>("--market") { Description = "A market order (with --stop-price: a stop-market order)." };
        var postOnly = new Option<bool>("--post-only") { Description = "Reject instead of taking liquidity." };
        var clientId = new Option<long?>("--client-id") { Description = "Client order id (default: derived from the clock)." }.Within(1, long.MaxValue);
        var stopPrice = new Option<long?>("--stop-price")
        {
            Description = "A stop: rests off the book until the last trade reaches this price (buy: at or above, sell: at or below); "
                + "then a market order, or with --price a limit order (stop-limit).",
        };
        var display = new Option<long>("--display") { Description = "An iceberg: show this much at a time (whole lots)." }.Within(0, long.MaxValue);
        var expire = new Option<string?>("--expire") { Description = "Good till: a UTC time (2026-11-25T18:00:00Z) or a delay from now (+90s, +15m, +2h); sets --tif gtd." };
        var quoteAmount = new Option<long?>("--quote-amount")
        {
            Description = "Buy for this much quote, fees included (quantity 0 = as much as it buys; with --price an IOC limit, else market).",
        };
        var protection = new Option<long>("--protection") { Description = "Market and stop-market orders: the worst price to trade at." }.Within(0, long.MaxValue);
        var place = new Command("place", "Enter an order and print its acknowledgement and fills.")
        {
            side, quantity, price, instrument, tif, market, postOnly, clientId, stopPrice, display, expire, quoteAmount, protection,
        };
        place.SetAction(r =>
        {
            var request = new OrderRequest(r.GetValue(side) == "buy" ? (byte)1 : (byte)2, r.GetValue(quantity), r.GetValue(price), r.GetValue(instrument),
                r.GetValue(tif) switch { "ioc" => (byte)2, "fok" => (byte)3, "gtd" => (byte)4, "day" => (byte)5, _ => (byte)1 }, r.GetValue(market),
                r.GetValue(postOnly), r.GetValue(clientId), r.GetValue(stopPrice), r.GetValue(display), r.GetValue(expire), r.GetValue(quoteAmount),
                r.GetValue(protection));
            return Session(r).Place(request);
        });

        var orderId = new Option<long>("--order-id") { Description = "Exchange order id." };
        var cancelClientId = new Option<long>("--client-id") { Description = "Client order id (when no order id is given)." };
        var cancel = new Command("cancel", "Cancel one of your orders.") { orderId, cancelClientId };
        cancel.SetAction(r => Session(r).Cancel(r.GetValue(orderId), r.GetValue(cancelClientId)));

        var replaceOrder = new Option<long>("--order-id") { Description = "Exchange order id.", Required = true };
        var newPrice = new Option<long>("--price") { Description = "New price (0 for a stop-market order).", Required = true };
        var newQuantity = new Option<long>("--quantity") { Description = "New open quantity.", Required = true };
        var newStopPrice = new Option<long?>("--stop-price") { Description = "A stop that has not fired: its new stop price." };
        var replace = new Command("replace", "Change an order's price and open quantity (and a stop's stop price).") { replaceOrder, newPrice, newQuantity, newStopPrice };
        replace.SetAction(r => Session(r).Replace(r.GetValue(replaceOrder), r.GetValue(newPrice), r.GetValue(newQuantity), r.GetValue(newStopPrice)));

        var massInstrument = new Option<int>("--instrument") { Description = "Instrument id (0 = all).", DefaultValueFactory = _ => 0 };
        var massCancel = new Command("mass-cancel", "Cancel all your orders (on one instrument or all).") { massInstrument };
        massCancel.SetAction(r => Session(r).MassCancel(r.GetValue(massInstrument)));

        var bookInstrument = new Option<int>("--instrument") { Description = "Instrument id.", DefaultValueFactory = _ => 1 };
        var depth = new Option<int>("--depth") { Description = "Levels per side.", DefaultValueFactory = _ => 10 }.Within(1, 1_000);
        var book = new Command("book", "Print the L2 book.") { bookInstrument, depth };
        book.SetAction(r => Session(r).Book(r.GetValue(bookInstrument), r.GetValue(depth)));

        var tradesInstrument = new Option<int>("--instrument") { Description = "Instrument id.", DefaultValueFactory = _ => 1 };
        var count = new Option<int>("--count") { Description = "Stop after this many trades (0 = follow until the wait ends).", DefaultValueFactory = _ => 0 }.Within(0, int.MaxValue);
        var trades = new Command("trades", "Follow the trade stream.") { tradesInstrument, count };
        trades.SetAction(r => Session(r).Trades(r.GetValue(tradesInstrument), r.GetValue(count)));

        var balances = new Command("balances", "Print your balances (available and held) per asset.");
        balances.SetAction(r => Session(r).Balances());
        var ordersInstrument = new Option<int>("--instrument") { Description = "Instrument id (0 = all).", DefaultValueFactory = _ => 0 };
        var orders = new Command("orders", "Print your open orders.") { ordersInstrument };
        orders.SetAction(r => Session(r).Orders(r.GetValue(ordersInstrument)));

        root.Subcommands.Add(BuildAdmin(Session));
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
    private static Command BuildAdmin(Func<ParseResult, Session> session)
    {
        var admin = new Command("admin", "Administrative commands (admin accounts only).");
        Option<long> Account() => new("--target") { Description = "The account to act on.", Required = true };
        Option<int> Asset() => new("--asset") { Description = "Asset id.", Required = true };
        Option<long> Amount() => new("--amount") { Description = "Amount in the asset's units.", Required = true };
        Option<int> Instrument() => new("--instrument") { Description = "Instrument id.", Required = true };

        var depositAccount = Account();
        var depositAsset = Asset();
        var depositAmount = Amount();
        var deposit = new Command("deposit", "Credit an account.") { depositAccount, depositAsset, depositAmount };
        deposit.SetAction(r => session(r).Admin(Message(21, r.GetValue(depositAccount), r.GetValue(depositAsset), 0, r.GetValue(depositAmount))));

        var withdrawAccount = Account();
        var withdrawAsset = Asset();
        var withdrawAmount = Amount();
        var withdraw = new Command("withdraw", "Debit an account's available balance.") { withdrawAccount, withdrawAsset, withdrawAmount };
        withdraw.SetAction(r => session(r).Admin(Message(22, r.GetValue(withdrawAccount), r.GetValue(withdrawAsset), 0, r.GetValue(withdrawAmount))));

        var newAccount = Account();
        var newSecret = new Option<string>("--new-secret") { Description = "The new account's login secret (1..32 UTF-8 bytes); the server keeps only a salted hash. Without it the account cannot log in." };
        var addAccount = new Command("add-account", "Open an account, with a login if --new-secret is given (one journaled step; it survives restarts).") { newAccount, newSecret };
        addAccount.SetAction(r =>
        {
            var secret = r.GetValue(newSecret) ?? string.Empty;
            if (System.Text.Encoding.UTF8.GetByteCount(secret) > 32)
            {
                r.InvocationConfiguration.Error.WriteLine("--new-secret is longer than 32 UTF-8 bytes");
                return CliExitCodes.Usage;
            }

            return session(r).Admin(Message(20, r.GetValue(newAccount), 0, 0, 0) with { Symbol = secret });
        });

        var haltInstrument = Instrument();
        var halt = new Command("halt", "Halt trading on an instrument.") { haltInstrument };
        halt.SetAction(r => session(r).Admin(Message(11, 0, 0, r.GetValue(haltInstrument), 0)));

        var resumeInstrument = Instrument();
        var resume = new Command("resume", "Resume trading on an instrument.") { resumeInstrument };
        resume.SetAction(r => session(r).Admin(Message(12, 0, 0, r.GetValue(resumeInstrument), 0)));

        var snapshot = new Command("snapshot", "Ask the engine to take a snapshot now; prints the sequence it was taken at.");
        snapshot.SetAction(r => session(r).Admin(Message(30, 0, 0, 0, 0)));

        var id = Instrument();
        var symbol = new Option<string>("--symbol") { Required = true };
        var baseAsset = new Option<int>("--base") { Required = true };
        var quoteAsset = new Option<int>("--quote") { Required = true };
        var tick = new Option<long>("--tick") { DefaultValueFactory = _ => 1 };
        var lot = new Option<long>("--lot") { DefaultValueFactory = _ => 1 };
        var min = new Option<long>("--min") { DefaultValueFactory = _ => 1 };
        var max = new Option<long>("--max") { DefaultValueFactory = _ => 1_000_000 };
        var start = new Option<long>("--start-price") { Required = true };
        var bandBps = new Option<long>("--band-bps") { DefaultValueFactory = _ => 1_000 };
        var makerBps = new Option<long>("--maker-bps") { DefaultValueFactory = _ => 0 };
        var takerBps = new Option<long>("--taker-bps") { DefaultValueFactory = _ => 0 };
        var addInstrument = new Command("add-instrument", "List a new instrument.") { id, symbol, baseAsset, quoteAsset, tick, lot, min, max, start, bandBps, makerBps, takerBps };
        addInstrument.SetAction(r => session(r).Admin(new AdminCommand(1, 10, 0, 0, 0, 0, (uint)r.GetValue(id), 0, (uint)r.GetValue(baseAsset), (uint)r.GetValue(quoteAsset),
            r.GetValue(tick), r.GetValue(lot), r.GetValue(min), r.GetValue(max), r.GetValue(start), 0, r.GetValue(bandBps), r.GetValue(makerBps), r.GetValue(takerBps), r.GetValue(symbol)!)));

        foreach (var command in new[] { deposit, withdraw, addAccount, halt, resume, snapshot, addInstrument })
        {
            admin.Subcommands.Add(command);
        }

        return admin;
    }

    private static AdminCommand Message(byte command, long account, int asset, int instrument, long amount) =>
        new(1, command, 0, 0, (ulong)account, (uint)asset, (uint)instrument, amount, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, string.Empty);

    /// <summary>One connection's worth of work for one command.</summary>
    private sealed class Session(string host, int port, long account, string secret, bool json, TimeSpan wait, TextWriter output, TextWriter error)
    {
        /// <summary>Set while placing a quote-amount buy: its acknowledgement then names the amount, not the quantity cap.</summary>
        private long? _quoteAmount;

        public int Place(OrderRequest o)
        {
            var usage = o.Check(DateTimeOffset.UtcNow, out var expireTime, out var tif);
            if (usage is not null)
            {
                return Fail(CliExitCodes.Usage, usage);
            }

            var id = o.ClientId ?? DateTime.UtcNow.Ticks;
            return Run(async client =>
            {
                if (o.QuoteAmount is { } amount)
                {
                    _quoteAmount = amount;
                    await client.PlaceQuoteAmountAsync(id, o.Instrument, amount, o.Price ?? 0, o.Quantity);
                }
                else if (o.StopPrice is { } stop)
                {
                    if (o.Price is { } limit)
                    {
                        await client.PlaceStopLimitAsync(id, o.Instrument, o.Side, stop, limit, o.Quantity, tif, expireTime, o.Display);
                    }
                    else
                    {
                        await client.PlaceStopAsync(id, o.Instrument, o.Side, stop, o.Quantity, o.Protection, tif, expireTime);
                    }
                }
                else if (o.Market)
                {
                    await client.PlaceMarketAsync(id, o.Instrument, o.Side, o.Quantity, o.Protection);
                }
                else if (o.Display != 0 || expireTime != 0 || tif == 5)
                {
                    await client.PlaceLimitV2Async(id, o.Instrument, o.Side, o.Price!.Value, o.Quantity, tif, o.Display, expireTime, 0, o.PostOnly);
                }
                else
                {
                    await client.PlaceLimitAsync(id, o.Instrument, o.Side, o.Price!.Value, o.Quantity, tif, 0, o.PostOnly);
                }

                return await Collect(client, stopWhen: m => m.Message is OrderCanceled || (m.Message is OrderExecuted e && e.Leaves == 0), quietPeriod: TimeSpan.FromMilliseconds(300));
            });
        }

        public int Cancel(long orderId, long clientOrderId) =>
            orderId == 0 && clientOrderId == 0
                ? Fail(CliExitCodes.Usage, "give --order-id or --client-id")
                : Run(async client =>
                {
                    await client.CancelAsync(orderId, clientOrderId);
                    return await Collect(client, stopWhen: m => m.Message is OrderCanceled or OrderRejected, quietPeriod: null);
                });

        public int Replace(long orderId, long price, long quantity, long? stopPrice) => Run(async client =>
        {
            if (stopPrice is { } stop)
            {
                await client.ReplaceStopAsync(orderId, stop, price, quantity);
            }
            else
            {
                await client.ReplaceAsync(orderId, price, quantity);
            }

            return await Collect(client, stopWhen: m => m.Message is OrderRejected, quietPeriod: TimeSpan.FromMilliseconds(300));
        });

        public int MassCancel(int instrument) => Run(async client =>
        {
            await client.MassCancelAsync(instrument);
            return await Collect(client, stopWhen: _ => false, quietPeriod: TimeSpan.FromMilliseconds(300));
        });

        public int Book(int instrument, int depth) => Run(async client =>
        {
            await client.SendAsync(new Subscribe((uint)instrument, (ushort)Math.Clamp(depth, 1, 1_000), 0));
            var levels = new List<BookLevel>();
            while (true)
            {
                var level = await client.WaitForAsync<BookLevel>(wait);
                if (level.Side != 0)
                {
                    levels.Add(level);
                }

                if ((level.Flags & 2) != 0)
                {
                    break;
                }
            }

            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(new
                {
                    Instrument = instrument,
                    Sequence = levels.Count > 0 ? levels[0].InstrumentSequence : 0,
                    Bids = levels.Where(l => l.Side == 1).Select(l => new { l.Price, l.Quantity, l.Orders }),
                    Asks = levels.Where(l => l.Side == 2).Select(l => new { l.Price, l.Quantity, l.Orders }),
                }, Json));
                return CliExitCodes.Ok;
            }

            var bids = levels.Where(l => l.Side == 1).ToList();
            var asks = levels.Where(l => l.Side == 2).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"instrument {instrument}"));
            output.WriteLine("          bid qty     bid price | ask price       ask qty");
            for (var i = 0; i < Math.Max(bids.Count, asks.Count); i++)
            {
                var bid = i < bids.Count ? string.Create(CultureInfo.InvariantCulture, $"{bids[i].Quantity,16:N0} {bids[i].Price,13:N0}") : new string(' ', 30);
                var ask = i < asks.Count ? string.Create(CultureInfo.InvariantCulture, $"{asks[i].Price,-13:N0} {asks[i].Quantity,13:N0}") : string.Empty;
                output.WriteLine($"{bid} | {ask}");
            }

            return CliExitCodes.Ok;
        });

        public int Balances() => Run(async client =>
        {
            var reports = await client.QueryBalancesAsync(wait);
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(reports.Select(r => new { r.Asset, r.Available, r.Held }), Json));
                return CliExitCodes.Ok;
            }

            output.WriteLine("asset        available             held");
            foreach (var r in reports)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Asset,5} {r.Available,16:N0} {r.Held,16:N0}"));
            }

            return CliExitCodes.Ok;
        });

        public int Orders(int instrument) => Run(async client =>
        {
            var reports = await client.QueryOpenOrdersAsync(wait, instrument);
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(reports.Select(r => new
                {
                    r.OrderId, r.ClientOrderId, r.Instrument, Side = r.Side == 1 ? "buy" : "sell", Type = TypeName(r.OrderType), TimeInForce = TifName(r.TimeInForce),
                    r.Price, r.Quantity, r.Leaves, r.StopPrice, r.DisplayQuantity, r.ExpireTime,
                }), Json));
                return CliExitCodes.Ok;
            }

            output.WriteLine("   order       client  instr side type        tif        price     leaves/quantity  details");
            foreach (var r in reports)
            {
                var details = (r.StopPrice != 0 ? Invariant($" stop {r.StopPrice:N0}") : string.Empty)
                    + (r.DisplayQuantity != 0 ? Invariant($" display {r.DisplayQuantity:N0}") : string.Empty)
                    + (r.ExpireTime != 0 ? Invariant($" expires {DateTimeOffset.FromUnixTimeMilliseconds(r.ExpireTime / 1_000_000):yyyy-MM-ddTHH:mm:ss.fffZ}") : string.Empty);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.OrderId,8} {r.ClientOrderId,12} {r.Instrument,6} {(r.Side == 1 ? "buy " : "sell")} {TypeName(r.OrderType),-11} {TifName(r.TimeInForce),-4} {r.Price,12:N0} {r.Leaves,10:N0}/{r.Quantity:N0}{details}"));
            }

            return CliExitCodes.Ok;
        });

        public int Admin(AdminCommand command) => Run(async client =>
        {
            // A random id: other admin sessions' results reach this one too, and only ours answers us.
            command = command with { ClientMessageId = (ulong)Random.Shared.NextInt64(1, long.MaxValue) };
            await client.SendAsync(command);
            while (true)
            {
                var message = await client.Messages.ReadAsync(new CancellationTokenSource(wait).Token);
                if (message.Message is ProtocolReject refused)
                {
                    return Fail(CliExitCodes.Rejected, $"refused: {(ProtocolRejectReason)refused.Reason}");
                }

                if (message.Message is AdminResultV2 result && result.ClientMessageId == command.ClientMessageId)
                {
                    var rejected = result.Event == 24;
                    output.WriteLine(json
                        ? JsonSerializer.Serialize(new { Event = EventName(result.Event), result.Reason, result.Account, result.Instrument, result.Asset, result.Amount, result.Available, result.Held }, Json)
                        : AdminSentence(result));
                    return rejected ? CliExitCodes.Rejected : CliExitCodes.Ok;
                }
            }
        });

        /// <summary>What an admin result means, as a sentence with thousands separators.</summary>
        private static string AdminSentence(AdminResultV2 r) => r.Event switch
        {
            10 => string.Create(CultureInfo.InvariantCulture, $"account {r.Account}: asset {r.Asset} changed by {r.Amount:N0}; available {r.Available:N0}, held {r.Held:N0}"),
            20 => string.Create(CultureInfo.InvariantCulture, $"instrument {r.Instrument} added"),
            21 => string.Create(CultureInfo.InvariantCulture, $"instrument {r.Instrument} halted"),
            22 => string.Create(CultureInfo.InvariantCulture, $"instrument {r.Instrument} resumed"),
            23 => string.Create(CultureInfo.InvariantCulture, $"account {r.Account} added"),
            24 => string.Create(CultureInfo.InvariantCulture, $"rejected: {RejectName(r.Reason)} ({r.Reason})"),
            30 => string.Create(CultureInfo.InvariantCulture, $"snapshot taken at sequence {r.EngineSequence:N0}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"event {r.Event}"),
        };

        private static string EventName(byte code) => code switch
        {
            10 => "balance-changed", 20 => "instrument-added", 21 => "instrument-halted", 22 => "instrument-resumed", 23 => "account-added", 24 => "rejected", 30 => "snapshot-taken",
            _ => code.ToString(CultureInfo.InvariantCulture),
        };

        public int Trades(int instrument, int count) => Run(async client =>
        {
            await client.SendAsync(new Subscribe((uint)instrument, 1, 0));
            var seen = 0;
            var deadline = DateTime.UtcNow + wait;
            try
            {
                while (count == 0 || seen < count)
                {
                    var remaining = deadline - DateTime.UtcNow;
                    if (remaining <= TimeSpan.Zero)
                    {
                        break;
                    }

                    var trade = await client.WaitForAsync<PublicTrade>(remaining);
                    seen++;
                    output.WriteLine(json
                        ? JsonSerializer.Serialize(new { trade.TradeId, trade.Instrument, trade.Price, trade.Quantity, Aggressor = trade.AggressorSide == 1 ? "buy" : "sell", trade.InstrumentSequence }, Json)
                        : string.Create(CultureInfo.InvariantCulture, $"trade {trade.TradeId}: {trade.Quantity} @ {trade.Price} ({(trade.AggressorSide == 1 ? "buyer" : "seller")} aggressed)"));
                }
            }
            catch (OperationCanceledException)
            {
            }

            return count > 0 && seen < count ? CliExitCodes.Timeout : CliExitCodes.Ok;
        });

        private int Run(Func<ExchangeClient, Task<int>> work)
        {
            if (account <= 0)
            {
                return Fail(CliExitCodes.Usage, "give --account (or set EXCHANGE_ACCOUNT)");
            }

            try
            {
                return RunAsync(work).GetAwaiter().GetResult();
            }
            catch (LoginRejectedException ex)
            {
                return Fail(CliExitCodes.Connection, $"login refused: {(LoginRejectReason)ex.Reason}");
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException)
            {
                return Fail(CliExitCodes.Connection, $"cannot reach {host}:{port}: {ex.Message}");
            }
            catch (OperationCanceledException)
            {
                return Fail(CliExitCodes.Timeout, "no answer in time");
            }
        }

        private async Task<int> RunAsync(Func<ExchangeClient, Task<int>> work)
        {
            await using var client = await ExchangeClient.ConnectAsync(host, port, account, secret, ExchangeClient.LiveOnly);
            return await work(client);
        }

        /// <summary>Prints replies until one matches <paramref name="stopWhen"/>, a reject arrives, or nothing comes for the quiet period.</summary>
        private async Task<int> Collect(ExchangeClient client, Func<ServerMessage, bool> stopWhen, TimeSpan? quietPeriod)
        {
            var code = CliExitCodes.Timeout;
            var deadline = DateTime.UtcNow + wait;
            while (DateTime.UtcNow < deadline)
            {
                var timeout = code == CliExitCodes.Timeout || quietPeriod is null ? deadline - DateTime.UtcNow : quietPeriod.Value;
                using var cts = new CancellationTokenSource(timeout);
                ServerMessage message;
                try
                {
                    message = await client.Messages.ReadAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                if (message.Message is ServerHeartbeat)
                {
                    continue;
                }

                Print(message);
                if (message.Message is OrderRejected)
                {
                    return CliExitCodes.Rejected;
                }

                if (message.Message is ProtocolReject)
                {
                    return CliExitCodes.Rejected;
                }

                code = CliExitCodes.Ok;
                if (stopWhen(message))
                {
                    break;
                }
            }

            if (code == CliExitCodes.Timeout)
            {
                error.WriteLine("exchange-cli: no answer in time");
            }

            return code;
        }

        private void Print(ServerMessage message)
        {
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(new { Type = message.Type.ToString(), message.Message }, Json));
                return;
            }

            output.WriteLine(message.Message switch
            {
                OrderAccepted m when _quoteAmount is { } amount => Invariant($"accepted  order {m.OrderId} (client {m.ClientOrderId}) buy for {amount:N0} quote (at most {m.Quantity:N0}) @ {(m.Price == 0 ? "market" : m.Price.ToString(CultureInfo.InvariantCulture))}"),
                OrderAccepted m => Invariant($"accepted  order {m.OrderId} (client {m.ClientOrderId}) {(m.Side == 1 ? "buy" : "sell")} {m.Quantity} @ {(m.Price == 0 ? "market" : m.Price.ToString(CultureInfo.InvariantCulture))}"),
                OrderRejected m => Invariant($"rejected  client {m.ClientOrderId}: {RejectName(m.Reason)} ({m.Reason})"),
                OrderExecuted m => Invariant($"executed  order {m.OrderId}: {m.Quantity} @ {m.Price}, {m.Leaves} left, {(m.Liquidity == 1 ? "maker" : "taker")}, fee {m.Fee}, trade {m.TradeId}"),
                OrderCanceled m => Invariant($"{(m.Expired == 1 ? "expired" : "canceled")}  order {m.OrderId}: {m.Quantity} ({CancelName(m.Reason)})"),
                OrderReplaced m => Invariant($"replaced  order {m.OrderId}: {m.Leaves} @ {m.Price}"),
                OrderTriggered m => Invariant($"triggered order {m.OrderId} (client {m.ClientOrderId}): stop {m.StopPrice} reached, enters as {TypeName(m.OrderType)} {m.Quantity} @ {(m.Price == 0 ? "market" : m.Price.ToString(CultureInfo.InvariantCulture))}"),
                ProtocolReject m => Invariant($"refused   {(ProtocolRejectReason)m.Reason}"),
                SessionEnded m => Invariant($"session ended: {(SessionEndReason)m.Reason}"),
                _ => message.Type.ToString(),
            });
        }

        private static string RejectName(ushort reason) => reason switch
        {
            1 => "UnknownInstrument", 2 => "InstrumentHalted", 3 => "BadTick", 4 => "BadLot", 5 => "QuantityOutOfRange", 6 => "OutsidePriceBand",
            7 => "InsufficientBalance", 8 => "UnknownOrder", 9 => "NotOwner", 10 => "DuplicateClientOrderId", 11 => "PostOnlyWouldCross",
            12 => "FokNotFillable", 13 => "SelfTrade", 14 => "UnknownAccount", 15 => "InvalidPrice", 16 => "InvalidQuantity",
            22 => "DuplicateInstrument", 23 => "InvalidInstrumentSpec", 24 => "DuplicateAccount", 25 => "InvalidAccount", 26 => "InvalidAsset",
            17 => "InvalidSide", 18 => "InvalidOrderType", 19 => "InvalidTimeInForce", 20 => "InvalidSelfTradePrevention", 21 => "NotionalOverflow",
            27 => "InvalidAmount", 28 => "BalanceOverflow", 29 => "InstrumentAlreadyHalted", 30 => "InstrumentNotHalted", 31 => "UnknownCommand",
            32 => "InvalidStopPrice", 33 => "StopWouldTrigger", 34 => "InvalidDisplayQuantity", 35 => "InvalidExpireTime", 36 => "InvalidQuoteAmount",
            37 => "ProtectionPriceRequired",
            _ => "Rejected",
        };

        private static string CancelName(byte reason) => reason switch
        {
            1 => "requested", 2 => "mass cancel", 3 => "self-trade prevention", 4 => "not filled immediately", 5 => "insufficient balance",
            6 => "price protection", 7 => "expire time reached", 8 => "quote amount spent",
            _ => Invariant($"reason {reason}"),
        };

        private static string TypeName(byte orderType) => orderType switch
        {
            1 => "limit", 2 => "market", 3 => "stop", 4 => "stop-limit", _ => orderType.ToString(CultureInfo.InvariantCulture),
        };

        private static string TifName(byte tif) => tif switch
        {
            1 => "gtc", 2 => "ioc", 3 => "fok", 4 => "gtd", 5 => "day", _ => "-",
        };

        private int Fail(int code, string message)
        {
            error.WriteLine("exchange-cli: " + message);
            return code;
        }
    }
}
