using System.CommandLine;
using Exchange.Cli;
using System.Diagnostics;
using Exchange.Core.Matching;
using Exchange.Core.Orders;
using Exchange.Core.Queries;
using Exchange.Journal;

namespace Exchange.JournalTools.Commands;

/// <summary>
/// <c>replay</c>: the exchange as it was at a sequence or a time — rebuilt by the engine's own code
/// from the newest snapshot at or before that point plus the journal — with books and accounts.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(ToolContext context)
    {
        var dataDir = CommonOptions.DataDirectory();
        var format = CommonOptions.Format();
        var toSeq = CommonOptions.Sequence("--to-seq", "Replay up to and including this sequence.");
        var toTime = CommonOptions.Time("--to-time", "Replay every command at or before this time.");
        var orders = new Option<bool>("--orders") { Description = "Also list the orders at each price level (L3)." };
        var account = CommonOptions.Account("Show only this account's balances and open orders.");
        var instrument = CommonOptions.Instrument("Show only this instrument's book.");
        var depth = new Option<int>("--depth") { Description = "Price levels per side to show.", DefaultValueFactory = _ => 10 }.Within(1, 100_000);
        var command = new Command("replay", "Rebuild the state as of a sequence or time; print books, balances and open orders.")
        {
            dataDir, format, toSeq, toTime, orders, account, instrument, depth,
        };
        command.SetAction(result => Run(context, result.GetValue(dataDir)!, result.GetValue(format), result.GetValue(toSeq), result.GetValue(toTime),
            new View(result.GetValue(orders), result.GetValue(account), result.GetValue(instrument), result.GetValue(depth), BooksOnly: false)));
        return command;
    }

    /// <summary><c>book</c>: one instrument's book as of a sequence or time (L2, or L3 with <c>--orders</c>), nothing else.</summary>
    public static Command CreateBook(ToolContext context)
    {
        var dataDir = CommonOptions.DataDirectory();
        var format = CommonOptions.Format();
        var toSeq = CommonOptions.Sequence("--to-seq", "The book after this sequence.");
        var toTime = CommonOptions.Time("--to-time", "The book as of this time.");
        var orders = new Option<bool>("--orders") { Description = "List the orders at each price level (L3)." };
        var instrument = CommonOptions.Instrument("The instrument.");
        instrument.Required = true;
        var depth = new Option<int>("--depth") { Description = "Price levels per side to show.", DefaultValueFactory = _ => 10 }.Within(1, 100_000);
        var command = new Command("book", "One instrument's book as of a sequence or time: L2, or L3 with --orders.")
        {
            dataDir, format, instrument, toSeq, toTime, orders, depth,
        };
        command.SetAction(result => Run(context, result.GetValue(dataDir)!, result.GetValue(format), result.GetValue(toSeq), result.GetValue(toTime),
            new View(result.GetValue(orders), null, result.GetValue(instrument), result.GetValue(depth), BooksOnly: true)));
        return command;
    }

    /// <summary>What to print of the rebuilt state.</summary>
    private sealed record View(bool WithOrders, long? Account, string? Instrument, int Depth, bool BooksOnly);

    private static int Run(ToolContext context, string path, OutputFormat format, long? toSeq, string? toTime, View view)
    {
        if (!DataFolder.TryOpen(path, out var folder, out var error))
        {
            return context.Fail(ExitCodes.BadInput, error!);
        }

        if (JournalRange.TryRead(null, toSeq, null, toTime, out var range) is { } usage)
        {
            return context.Fail(ExitCodes.Usage, usage);
        }

        try
        {
            var journal = JournalExtent.Of(folder);
            if (range.Outside(journal, point: true) is { } outside)
            {
                return context.Fail(ExitCodes.OutOfRange, outside);
            }

            int? instrument = null;
            if (view.Instrument is { } named && (instrument = journal.Symbols.Resolve(named, out var unknown)) is null)
            {
                return context.Fail(ExitCodes.Usage, unknown!);
            }

            var target = Math.Min(range.ToSequence, Replayer.SequenceAtTime(folder, range.ToTime));
            var watch = Stopwatch.StartNew();
            var recovery = Replayer.Replay(context, folder, target, null, null, journal.LastSequence);
            watch.Stop();
            Print(context, format, recovery.Engine, recovery, watch.Elapsed, view, instrument, journal.Symbols);
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ToolContext.IsDamage(ex))
        {
            return context.Fail(ExitCodes.Corrupt, ex.Message);
        }
    }

    /// <summary>A replay rate means something only over enough work: below this it is not shown.</summary>
    private const long MinCommandsForRate = 10_000;

    private static void Print(ToolContext context, OutputFormat format, MatchingEngine engine, Engine.Recovery.RecoveryResult recovery, TimeSpan elapsed,
        View view, int? onlyInstrument, InstrumentSymbols names)
    {
        var (withOrders, onlyAccount, depth) = (view.WithOrders, view.BooksOnly ? -1 : view.Account, view.Depth);
        double? rate = recovery.ReplayedCommands >= MinCommandsForRate ? recovery.ReplayedCommands / Math.Max(elapsed.TotalSeconds, 1e-9) : null;
        var books = new List<object>();
        foreach (var id in engine.GetInstrumentIds())
        {
            if (onlyInstrument is { } wanted && wanted != id)
            {
                continue;
            }

            engine.TryGetInstrument(id, out var instrument);
            books.Add(new
            {
                Instrument = id, instrument.Spec.Symbol, Status = instrument.Status.ToString(), instrument.LastTradePrice,
                Bids = Levels(engine, id, Side.Buy, depth, withOrders), Asks = Levels(engine, id, Side.Sell, depth, withOrders),
            });
        }

        var accounts = new List<object>();
        foreach (var id in engine.GetAccountIds())
        {
            if (onlyAccount is { } only && only != id)
            {
                continue;
            }

            var balances = new List<object>();
            foreach (var b in engine.GetBalances(id))
            {
                balances.Add(new { b.AssetId, AssetSymbol = names.AssetSymbolOf(b.AssetId), b.Available, b.Held });
            }

            accounts.Add(new { Account = id, Balances = balances, OpenOrders = engine.GetOpenOrders(id) });
        }

        if (format == OutputFormat.Json)
        {
            context.WriteJson(new
            {
                LastSequence = engine.LastSequence, LastTime = TimeArgument.Format(engine.LastTimestamp), StateHash = engine.StateHash().ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
                recovery.SnapshotSequence, recovery.ReplayedCommands, CommandsPerSecond = rate is { } r ? Math.Round(r) : (double?)null, Books = books, Accounts = accounts,
            });
            return;
        }

        var o = context.Out;
        o.WriteLine($"last sequence  {engine.LastSequence:N0} at {TimeArgument.Format(engine.LastTimestamp)}");
        o.WriteLine($"state hash     {engine.StateHash():x16}");
        o.WriteLine($"rebuilt from   snapshot at {recovery.SnapshotSequence:N0} + {recovery.ReplayedCommands:N0} commands"
            + (rate is { } perSecond ? $" ({perSecond:N0} commands/s)" : string.Empty));
        foreach (var id in engine.GetInstrumentIds())
        {
            if (onlyInstrument is { } wanted && wanted != id)
            {
                continue;
            }

            engine.TryGetInstrument(id, out var instrument);
            o.WriteLine();
            o.WriteLine($"{instrument.Spec.Symbol} (instrument {id}, {instrument.Status}, last trade {instrument.LastTradePrice:N0})");
            PrintSide(o, engine, id, Side.Sell, depth, withOrders);
            o.WriteLine("  --------");
            PrintSide(o, engine, id, Side.Buy, depth, withOrders);
        }

        o.WriteLine();
        foreach (var id in engine.GetAccountIds())
        {
            if (onlyAccount is { } only && only != id)
            {
                continue;
            }

            o.WriteLine($"account {id}");
            foreach (var b in engine.GetBalances(id))
            {
                o.WriteLine($"  asset {b.AssetId,-4} {names.AssetSymbolOf(b.AssetId),-6} available {b.Available,20:N0}  held {b.Held,16:N0}");
            }

            foreach (var order in engine.GetOpenOrders(id))
            {
                var details = (order.IsArmedStop ? $" {order.OrderType} stop {order.StopPrice:N0} (not fired)" : string.Empty)
                    + (order.DisplayQuantity != 0 ? $" iceberg shows {order.Shown:N0} of slices {order.DisplayQuantity:N0}" : string.Empty)
                    + (order.ExpireTime != 0 ? $" expires {TimeArgument.Format(order.ExpireTime)}" : string.Empty);
                o.WriteLine($"  order {order.OrderId} (client {order.ClientOrderId}) instrument {order.InstrumentId} {names.SymbolOf(order.InstrumentId)} {order.Side} {order.Leaves}/{order.Quantity} @ {order.Price:N0} {order.TimeInForce}{details}");
            }
        }
    }

    private static void PrintSide(TextWriter o, MatchingEngine engine, int instrument, Side side, int depth, bool withOrders)
    {
        var levels = new DepthLevel[depth];
        var count = engine.GetDepth(instrument, side, levels);
        // Asks print worst first so the two sides meet in the middle.
        for (var k = 0; k < count; k++)
        {
            var level = levels[side == Side.Sell ? count - 1 - k : k];
            o.WriteLine($"  {(side == Side.Sell ? "ask" : "bid")} {level.Price,14:N0} {level.Quantity,14:N0} ({level.OrderCount})");
            if (withOrders)
            {
                foreach (var order in engine.GetOrdersAtLevel(instrument, side, level.Price))
                {
                    o.WriteLine($"        order {order.OrderId} account {order.AccountId} leaves {order.Leaves:N0}");
                }
            }
        }
    }

    private static List<object> Levels(MatchingEngine engine, int instrument, Side side, int depth, bool withOrders)
    {
        var levels = new DepthLevel[depth];
        var count = engine.GetDepth(instrument, side, levels);
        var result = new List<object>(count);
        for (var k = 0; k < count; k++)
        {
            var level = levels[k];
            result.Add(withOrders
                ? new { level.Price, level.Quantity, level.OrderCount, Orders = engine.GetOrdersAtLevel(instrument, side, level.Price) }
                : new { level.Price, level.Quantity, level.OrderCount });
        }

        return result;
    }
}
