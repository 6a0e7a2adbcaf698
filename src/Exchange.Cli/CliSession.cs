using System.Globalization;
using System.Text.Json;
using Exchange.Client;
using Exchange.Protocol.Admin;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Orders;
using Exchange.Protocol.Session;
using static System.FormattableString;

namespace Exchange.Cli;

/// <summary>
/// One connection's worth of work for one command: log in (live messages only; market data and
/// reference data over a market-data-only session, which may run beside a trading one of the same
/// account), fetch the reference data, do the one thing, print it, and return the exit code.
/// </summary>
internal sealed class CliSession(string host, int port, long account, string secret, bool json, TimeSpan wait, TimeSpan? followFor, TextWriter output, TextWriter error, ClientTls? tls = null)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>"all" or 0 for every instrument, where a command allows it.</summary>
    public const string All = "all";

    /// <param name="o">The order.</param>
    /// <param name="instrument">Its instrument, by symbol or id.</param>
    /// <param name="unsendablePrice">A price given that no tick can make whole (65000.5): refused, naming the instrument's tick.</param>
    public int Place(OrderRequest o, string instrument, decimal? unsendablePrice = null)
    {
        var usage = o.Check(DateTimeOffset.UtcNow, out var expireTime, out var tif);
        if (usage is not null)
        {
            return Fail(CliExitCodes.Usage, usage);
        }

        var id = o.ClientId ?? DateTime.UtcNow.Ticks;
        return Run(async (client, refs, text) =>
        {
            o = o with { Instrument = (int)Resolve(refs, instrument) };
            if (unsendablePrice is { } bad)
            {
                throw new UsageException(Invariant($"price {bad} is not a multiple of the tick {refs.Instrument((uint)o.Instrument)!.Value.TickSize:N0} of {refs.InstrumentName((uint)o.Instrument)}"));
            }

            text.Sent = o;
            var type = o.QuoteAmount is not null ? (o.Price is > 0 ? OrderType.Limit : OrderType.Market)
                : o.StopPrice is not null ? (o.Price is null ? OrderType.Stop : OrderType.StopLimit)
                : o.Market ? OrderType.Market : OrderType.Limit;
            await client.SendOrderAsync(new NewOrderRequest
            {
                ClientOrderId = id, Instrument = o.Instrument, Side = o.QuoteAmount is null ? (Side)o.Side : Side.Buy, Type = type,
                Price = o.Price ?? 0, Quantity = o.Quantity, StopPrice = o.StopPrice ?? 0, ProtectionPrice = o.Protection, DisplayQuantity = o.Display,
                TimeInForce = type == OrderType.Market || o.QuoteAmount is not null ? TimeInForce.Ioc : (TimeInForce)tif, ExpireTime = expireTime, PostOnly = o.PostOnly,
                QuoteAmount = o.QuoteAmount ?? 0,
            });

            return await Collect(client, text, stopWhen: m => m.Message is OrderCanceled || (m.Message is OrderExecuted e && e.Leaves == 0), quietPeriod: TimeSpan.FromMilliseconds(300));
        });
    }

    public int Cancel(long orderId, long clientOrderId) =>
        orderId == 0 && clientOrderId == 0
            ? Fail(CliExitCodes.Usage, "give --order-id or --client-id")
            : Run(async (client, _, text) =>
            {
                await client.CancelAsync(orderId, clientOrderId);
                return await Collect(client, text, stopWhen: m => m.Message is OrderCanceled or OrderRejected, quietPeriod: null);
            });

    public int Replace(long orderId, long price, long quantity, long? stopPrice) => Run(async (client, _, text) =>
    {
        if (stopPrice is { } stop)
        {
            await client.ReplaceStopAsync(orderId, stop, price, quantity);
        }
        else
        {
            await client.ReplaceAsync(orderId, price, quantity);
        }

        return await Collect(client, text, stopWhen: m => m.Message is OrderRejected, quietPeriod: TimeSpan.FromMilliseconds(300));
    });

    public int MassCancel(string instrument) => Run(async (client, refs, text) =>
    {
        await client.MassCancelAsync((int)ResolveOrAll(refs, instrument));
        return await Collect(client, text, stopWhen: m => m.Message is MassCancelDone, quietPeriod: null);
    });

    public int Book(string instrument, int depth, bool follow) => Run(async (client, refs, _) =>
    {
        var id = Resolve(refs, instrument);
        if (follow)
        {
            return await new LiveViews(client, refs, followFor, output).BookAsync(id, depth);
        }

        await client.SubscribeMarketDataAsync((int)id, depth);
        var levels = new List<BookLevel>();
        using var timer = new CancellationTokenSource(wait);
        while (true)
        {
            var level = await client.Messages.ReadNextAsync<BookLevel>(cancellationToken: timer.Token);
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
                Instrument = id,
                Symbol = refs.InstrumentName(id),
                Sequence = levels.Count > 0 ? levels[0].InstrumentSequence : 0,
                Bids = levels.Where(l => l.Side == 1).Select(l => new { l.Price, l.Quantity, l.Orders }),
                Asks = levels.Where(l => l.Side == 2).Select(l => new { l.Price, l.Quantity, l.Orders }),
            }, Json));
            return CliExitCodes.Ok;
        }

        var bids = levels.Where(l => l.Side == 1).ToList();
        var asks = levels.Where(l => l.Side == 2).ToList();
        output.WriteLine(refs.InstrumentName(id));
        output.WriteLine("          bid qty     bid price | ask price       ask qty");
        for (var i = 0; i < Math.Max(bids.Count, asks.Count); i++)
        {
            var bid = i < bids.Count ? Invariant($"{bids[i].Quantity,16:N0} {bids[i].Price,13:N0}") : new string(' ', 30);
            var ask = i < asks.Count ? Invariant($"{asks[i].Price,-13:N0} {asks[i].Quantity,13:N0}") : string.Empty;
            output.WriteLine($"{bid} | {ask}");
        }

        if (levels.Count == 0)
        {
            output.WriteLine("(the book is empty)");
        }

        return CliExitCodes.Ok;
    }, marketDataOnly: true);

    public int Trades(string instrument, int count, bool follow) => Run(async (client, refs, _) =>
    {
        var id = Resolve(refs, instrument);
        if (follow)
        {
            return await new LiveViews(client, refs, followFor, output).TradesAsync(id);
        }

        await client.SubscribeMarketDataAsync((int)id, 1);
        var seen = 0;
        using var timer = new CancellationTokenSource(wait);
        try
        {
            while (count == 0 || seen < count)
            {
                var trade = await client.Messages.ReadNextAsync<PublicTrade>(cancellationToken: timer.Token);
                seen++;
                output.WriteLine(json
                    ? JsonSerializer.Serialize(new { Type = "trade", trade.TradeId, trade.Instrument, Symbol = refs.InstrumentName(trade.Instrument), trade.Price, trade.Quantity, Aggressor = trade.AggressorSide == 1 ? "buy" : "sell", trade.InstrumentSequence }, Json)
                    : Invariant($"trade {trade.TradeId}: {trade.Quantity:N0} {refs.InstrumentName(trade.Instrument)} @ {trade.Price:N0} ({(trade.AggressorSide == 1 ? "buyer" : "seller")} aggressed)"));
            }
        }
        catch (OperationCanceledException)
        {
        }

        return count > 0 && seen < count ? CliExitCodes.Timeout : CliExitCodes.Ok;
    }, marketDataOnly: true);

    public int Balances() => Run(async (client, refs, _) =>
    {
        var reports = await client.QueryBalancesAsync(wait);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(reports.Select(r => new { r.Asset, Symbol = refs.AssetName(r.Asset), r.Available, r.Held }), Json));
            return CliExitCodes.Ok;
        }

        output.WriteLine("asset               available             held");
        foreach (var r in reports)
        {
            output.WriteLine(Invariant($"{refs.AssetName(r.Asset),-10} {r.Available,20:N0} {r.Held,16:N0}"));
        }

        if (reports.Count == 0)
        {
            output.WriteLine("(no balances)");
        }

        return CliExitCodes.Ok;
    });

    public int Orders(string instrument) => Run(async (client, refs, _) =>
    {
        var reports = await client.QueryOpenOrdersAsync(wait, (int)ResolveOrAll(refs, instrument));
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(reports.Select(r => new
            {
                r.OrderId, r.ClientOrderId, r.Instrument, Symbol = refs.InstrumentName(r.Instrument), Side = r.Side == 1 ? "buy" : "sell", Type = Names.OrderType(r.OrderType),
                TimeInForce = Names.TimeInForce(r.TimeInForce), r.Price, r.Quantity, r.Leaves, r.StopPrice, r.DisplayQuantity, r.ExpireTime,
            }), Json));
            return CliExitCodes.Ok;
        }

        output.WriteLine("   order       client instrument side type        tif        price     leaves/quantity  details");
        foreach (var r in reports)
        {
            var details = (r.StopPrice != 0 ? Invariant($" stop {r.StopPrice:N0}") : string.Empty)
                + (r.DisplayQuantity != 0 ? Invariant($" display {r.DisplayQuantity:N0}") : string.Empty)
                + (r.ExpireTime != 0 ? Invariant($" expires {DateTimeOffset.FromUnixTimeMilliseconds(r.ExpireTime / 1_000_000):yyyy-MM-ddTHH:mm:ss.fffZ}") : string.Empty);
            output.WriteLine(Invariant(
                $"{r.OrderId,8} {r.ClientOrderId,12} {refs.InstrumentName(r.Instrument),-10} {(r.Side == 1 ? "buy " : "sell")} {Names.OrderType(r.OrderType),-11} {Names.TimeInForce(r.TimeInForce),-4} {r.Price,12:N0} {r.Leaves,10:N0}/{r.Quantity:N0}{details}"));
        }

        if (reports.Count == 0)
        {
            output.WriteLine("(no open orders)");
        }

        return CliExitCodes.Ok;
    });

    /// <summary>The venue's instruments with their rules, and its assets.</summary>
    public int Instruments() => Run((_, refs, _) =>
    {
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new
            {
                Instruments = refs.Instruments.Select(i => new
                {
                    Id = i.Instrument, i.Symbol, Base = refs.AssetName(i.BaseAsset), Quote = refs.AssetName(i.QuoteAsset), i.BaseAsset, i.QuoteAsset, Status = Names.InstrumentStatus(i.Status),
                    i.TickSize, i.LotSize, i.MinQuantity, i.MaxQuantity, i.BandLow, i.BandHigh, i.LastTradePrice, i.MakerFeeBps,
                }),
                Assets = refs.Assets.Select(a => new { Id = a.Asset, a.Symbol, a.Decimals }),
            }, Json));
            return Task.FromResult(CliExitCodes.Ok);
        }

        output.WriteLine("  id symbol      base/quote   status        tick      lot   min–max quantity        band open now       last");
        foreach (var i in refs.Instruments)
        {
            var band = i.BandHigh == long.MaxValue ? "no band" : Invariant($"{i.BandLow:N0}–{i.BandHigh:N0}");
            output.WriteLine(Invariant(
                $"{i.Instrument,4} {i.Symbol,-11} {refs.AssetName(i.BaseAsset) + "/" + refs.AssetName(i.QuoteAsset),-12} {Names.InstrumentStatus(i.Status),-8} {i.TickSize,9:N0} {i.LotSize,8:N0} {Invariant($"{i.MinQuantity:N0}–{i.MaxQuantity:N0}"),18} {band,19} {i.LastTradePrice,10:N0}"));
        }

        output.WriteLine(refs.Assets.Count == 0 ? "assets: none configured (ids only)" : "assets: " + string.Join(", ", refs.Assets.Select(a => Invariant($"{a.Symbol} ({a.Asset})"))));
        return Task.FromResult(CliExitCodes.Ok);
    }, marketDataOnly: true);

    /// <summary>Runs an admin request (symbols resolved from the reference data) and prints the outcome.</summary>
    public int Admin(Func<ExchangeClient, ReferenceData, CancellationToken, Task<AdminOutcome>> request) => Run(async (client, refs, _) =>
    {
        using var timer = new CancellationTokenSource(wait);
        AdminOutcome result;
        try
        {
            result = await request(client, refs, timer.Token);
        }
        catch (RequestRefusedException refused)
        {
            return Fail(CliExitCodes.Rejected, $"refused: {refused.Reason}");
        }

        output.WriteLine(json
            ? JsonSerializer.Serialize(new
            {
                Event = Names.AdminEvent(result), Reason = result.IsAccepted ? null : Names.Reject((ushort)result.RejectReason), result.Account, result.Instrument, result.Asset,
                AssetSymbol = result.Asset == 0 ? null : refs.AssetName((uint)result.Asset), result.Amount, result.Available, result.Held, EngineSequence = result.Sequence,
            }, Json)
            : AdminSentence(result, refs));
        return result.IsAccepted ? CliExitCodes.Ok : CliExitCodes.Rejected;
    });

    /// <summary>What an admin outcome means, as a sentence with thousands separators.</summary>
    private static string AdminSentence(AdminOutcome r, ReferenceData refs) => r.IsAccepted
        ? r.Action switch
        {
            AdminAction.Deposit or AdminAction.Withdraw => Invariant($"account {r.Account}: {refs.AssetName((uint)r.Asset)} {r.Amount:+#,0;-#,0;0}; available {r.Available:N0}, held {r.Held:N0}"),
            AdminAction.AddInstrument => Invariant($"instrument {r.Instrument} added"),
            AdminAction.HaltInstrument => Invariant($"instrument {refs.InstrumentName((uint)r.Instrument)} halted"),
            AdminAction.ResumeInstrument => Invariant($"instrument {refs.InstrumentName((uint)r.Instrument)} resumed"),
            AdminAction.AddAccount => Invariant($"account {r.Account} added"),
            AdminAction.TakeSnapshot => Invariant($"snapshot taken at sequence {r.Sequence:N0}"),
            _ => Invariant($"{r.Action} done"),
        }
        : Invariant($"rejected: {Names.Reject((ushort)r.RejectReason)} ({(ushort)r.RejectReason})");

    /// <summary>An instrument by symbol or id; an unknown one is a usage error naming the known ones.</summary>
    public static uint Resolve(ReferenceData refs, string instrument) =>
        refs.ResolveInstrument(instrument, out var problem) ?? throw new UsageException(problem!);

    private static uint ResolveOrAll(ReferenceData refs, string instrument) =>
        instrument is All or "0" ? 0 : Resolve(refs, instrument);

    private int Run(Func<ExchangeClient, ReferenceData, ReplyText, Task<int>> work, bool marketDataOnly = false)
    {
        if (account <= 0)
        {
            return Fail(CliExitCodes.Usage, "give --account (or set EXCHANGE_ACCOUNT)");
        }

        if (!OptionRules.SecretFits(secret))
        {
            return Fail(CliExitCodes.Usage, "the secret is longer than 32 bytes (UTF-8), the most a login carries"); // never echo it
        }

        try
        {
            return RunAsync(work, marketDataOnly).GetAwaiter().GetResult();
        }
        catch (UsageException ex)
        {
            return Fail(CliExitCodes.Usage, ex.Message);
        }
        catch (LoginRejectedException ex)
        {
            return Fail(CliExitCodes.Connection, $"login refused: {ex.Reason}");
        }
        catch (System.Security.Authentication.AuthenticationException ex)
        {
            return Fail(CliExitCodes.Connection, $"TLS with {host}:{port} failed: {ex.Message}{(ex.InnerException is { } inner ? " (" + inner.Message + ")" : string.Empty)}");
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            return Fail(CliExitCodes.Usage, $"--tls-ca: cannot read the certificates: {ex.Message}");
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

    private async Task<int> RunAsync(Func<ExchangeClient, ReferenceData, ReplyText, Task<int>> work, bool marketDataOnly)
    {
        await using var client = await ExchangeClient.ConnectAsync(new ClientOptions
        {
            Endpoints = [(host, port)], Account = account, Secret = secret, LastSeenSequence = ExchangeClient.LiveOnly, MarketDataOnly = marketDataOnly, Tls = tls,
        });
        var refs = await ReferenceData.LoadAsync(client, wait);
        return await work(client, refs, new ReplyText(refs));
    }

    /// <summary>Prints replies until one matches <paramref name="stopWhen"/>, a reject arrives, or nothing comes for the quiet period.</summary>
    private async Task<int> Collect(ExchangeClient client, ReplyText text, Func<ServerMessage, bool> stopWhen, TimeSpan? quietPeriod)
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

            if (!ReplyText.IsReply(message))
            {
                continue;
            }

            output.WriteLine(json ? JsonSerializer.Serialize(text.Json(message.Message), Json) : text.Sentence(message.Message));
            if (message.Message is OrderRejected or ProtocolReject)
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

    private int Fail(int code, string message)
    {
        error.WriteLine("exchange-cli: " + message);
        return code;
    }
}
