using System.CommandLine;
using Exchange.Core.Events;
using Exchange.Journal;

namespace Exchange.JournalTools.Commands;

/// <summary>
/// <c>events</c> and <c>trades</c>: the facts the engine emitted, re-derived by replaying the journal —
/// the audit trail. Events come from a replay that starts at a snapshot before the range.
/// </summary>
internal static class EventsCommand
{
    public static Command CreateEvents(ToolContext context)
    {
        var dataDir = CommonOptions.DataDirectory();
        var format = CommonOptions.Format();
        var fromSeq = CommonOptions.Sequence("--from-seq", "First command whose events to print.");
        var toSeq = CommonOptions.Sequence("--to-seq", "Last command whose events to print.");
        var fromTime = CommonOptions.Time("--from-time", "Events of commands at or after this time.");
        var toTime = CommonOptions.Time("--to-time", "Events of commands at or before this time.");
        var instrument = CommonOptions.Instrument("Only events on this instrument.");
        var account = CommonOptions.Account("Only events of this account (as taker or maker of a trade).");
        var command = new Command("events", "Re-derive the events the engine emitted for a range of commands (acks, rejects, trades, cancels).")
        {
            dataDir, format, fromSeq, toSeq, fromTime, toTime, instrument, account,
        };
        command.SetAction(result => Run(context, result.GetValue(dataDir)!, result.GetValue(format), result.GetValue(fromSeq),
            result.GetValue(toSeq), result.GetValue(fromTime), result.GetValue(toTime), new EventFilter(_ => true, result.GetValue(instrument), result.GetValue(account)), csv: false));
        return command;
    }

    public static Command CreateTrades(ToolContext context)
    {
        var dataDir = CommonOptions.DataDirectory();
        var format = new Option<string>("--format") { Description = "csv or json (JSON lines).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var fromTime = CommonOptions.Time("--from-time", "Trades at or after this time.");
        var toTime = CommonOptions.Time("--to-time", "Trades at or before this time.");
        var instrument = CommonOptions.Instrument("Only trades on this instrument.");
        var account = CommonOptions.Account("Only trades of this account (taker or maker).");
        var command = new Command("trades", "Export executed trades as CSV or JSON lines.")
        {
            dataDir, format, fromTime, toTime, instrument, account,
        };
        command.SetAction(result => Run(context, result.GetValue(dataDir)!, result.GetValue(format) == "json" ? OutputFormat.Json : OutputFormat.Text, null, null,
            result.GetValue(fromTime), result.GetValue(toTime), new EventFilter(e => e.Type == EventType.TradeExecuted, result.GetValue(instrument), result.GetValue(account)),
            csv: result.GetValue(format) != "json"));
        return command;
    }

    /// <summary>Which events to print: a kind, and optionally one instrument (symbol or id) and one account.</summary>
    private sealed record EventFilter(Func<Event, bool> Kind, string? Instrument, long? Account);

    private static int Run(ToolContext context, string path, OutputFormat format, long? fromSeq, long? toSeq, string? fromTime, string? toTime, EventFilter wanted, bool csv)
    {
        if (!DataFolder.TryOpen(path, out var folder, out var error))
        {
            return context.Fail(ExitCodes.BadInput, error!);
        }

        if (JournalRange.TryRead(fromSeq, toSeq, fromTime, toTime, out var range) is { } usage)
        {
            return context.Fail(ExitCodes.Usage, usage);
        }

        var (from, to, start, end) = (range.FromSequence, range.ToSequence, range.FromTime, range.ToTime);
        try
        {
            var journal = JournalExtent.Of(folder);
            if (range.Outside(journal) is { } outside)
            {
                return context.Fail(ExitCodes.OutOfRange, outside);
            }

            var symbols = journal.Symbols;
            int? instrument = null;
            if (wanted.Instrument is { } named && (instrument = symbols.Resolve(named, out var unknown)) is null)
            {
                return context.Fail(ExitCodes.Usage, unknown!);
            }

            bool Filter(Event e) => wanted.Kind(e) && (instrument is null || e.InstrumentId == instrument)
                && (wanted.Account is not { } a || e.AccountId == a || (e.Type == EventType.TradeExecuted && e.MakerAccountId == a));

            if (start != long.MinValue)
            {
                from = Math.Max(from, Replayer.FirstSequenceAtOrAfter(folder, start));
            }

            to = Math.Min(to, Replayer.SequenceAtTime(folder, end));
            if (csv)
            {
                context.Out.WriteLine("trade_id,sequence,time,instrument,symbol,price,quantity,taker_side,taker_order,taker_account,maker_order,maker_account,taker_fee,maker_fee");
            }

            if (from > to)
            {
                return ExitCodes.Ok;
            }

            var json = format == OutputFormat.Json && !csv ? new EventJsonLines(context.Out, symbols.Names) : null;
            long indexOf = 0;
            var index = 0;
            Replayer.Replay(context, folder, to, from - 1, e =>
            {
                // Each event's place among its command's events: part of its identity in the event stream.
                index = e.Sequence == indexOf ? index + 1 : 0;
                indexOf = e.Sequence;
                if (e.Sequence < from || !Filter(e))
                {
                    return;
                }

                if (csv)
                {
                    context.Out.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{e.TradeId},{e.Sequence},{TimeArgument.Format(e.Timestamp)},{e.InstrumentId},{symbols.SymbolOf(e.InstrumentId)},{e.Price},{e.Quantity},{e.Side},{e.OrderId},{e.AccountId},{e.MakerOrderId},{e.MakerAccountId},{e.TakerFee},{e.MakerFee}"));
                }
                else if (json is not null)
                {
                    json.Write(e, index);
                }
                else
                {
                    context.Out.WriteLine(Formatting.Line(Formatting.EventFields(e, symbols)));
                }
            }, journal.LastSequence);
            json?.Dispose();
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ToolContext.IsDamage(ex))
        {
            return context.Fail(ExitCodes.Corrupt, ex.Message);
        }
    }
}
