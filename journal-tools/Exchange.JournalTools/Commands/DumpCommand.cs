using System.CommandLine;
using Exchange.Cli;
using Exchange.Core.Commands;
using Command = System.CommandLine.Command;
using Exchange.Journal;
using Exchange.Journal.Reading;

namespace Exchange.JournalTools.Commands;

/// <summary><c>dump</c>: the journal's records as text lines or JSON lines, filtered.</summary>
internal static class DumpCommand
{
    public static Command Create(ToolContext context)
    {
        var dataDir = CommonOptions.DataDirectory();
        var format = CommonOptions.Format();
        var fromSeq = CommonOptions.Sequence("--from-seq", "First sequence to print.");
        var toSeq = CommonOptions.Sequence("--to-seq", "Last sequence to print.");
        var fromTime = CommonOptions.Time("--from-time", "Print records at or after this time.");
        var toTime = CommonOptions.Time("--to-time", "Print records at or before this time.");
        var account = CommonOptions.Account("Only commands of this account.");
        var instrument = CommonOptions.Instrument("Only commands on this instrument.");
        var type = new Option<CommandType?>("--type") { Description = "Only this command type (PlaceOrder, CancelOrder, ReplaceOrder, MassCancel, AddInstrument, ...)." }.Named();
        var command = new Command("dump", "Print records as text or JSON lines, filtered by sequence, time, account, instrument and type.")
        {
            dataDir, format, fromSeq, toSeq, fromTime, toTime, account, instrument, type,
        };
        command.SetAction(result =>
        {
            if (!DataFolder.TryOpen(result.GetValue(dataDir)!, out var folder, out var error))
            {
                return context.Fail(ExitCodes.BadInput, error!);
            }

            if (JournalRange.TryRead(result.GetValue(fromSeq), result.GetValue(toSeq), result.GetValue(fromTime), result.GetValue(toTime), out var range) is { } usage)
            {
                return context.Fail(ExitCodes.Usage, usage);
            }

            var (from, to, last) = (range.FromTime, range.ToTime, range.ToSequence);
            var json = result.GetValue(format) == OutputFormat.Json;
            var wantAccount = result.GetValue(account);

            var wantType = result.GetValue(type);
            try
            {
                var journal = JournalExtent.Of(folder);
                if (range.Outside(journal) is { } outside)
                {
                    return context.Fail(ExitCodes.OutOfRange, outside);
                }

                var symbols = journal.Symbols;
                int? wantInstrument = null;
                if (result.GetValue(instrument) is { } named && (wantInstrument = symbols.Resolve(named, out var unknown)) is null)
                {
                    return context.Fail(ExitCodes.Usage, unknown!);
                }

                using var cursor = new JournalCursor(folder.JournalDirectory, range.FromSequence, from);
                while (cursor.MoveNext())
                {
                    var header = cursor.Header;
                    if (header.Sequence > last || header.Timestamp > to)
                    {
                        break;
                    }

                    var c = cursor.ReadCommand();
                    if ((wantAccount is { } a && c.AccountId != a) || (wantInstrument is { } i && c.InstrumentId != i) || (wantType is { } t && c.Type != t))
                    {
                        continue;
                    }

                    var fields = Formatting.CommandFields(c, symbols);
                    if (json)
                    {
                        context.WriteJson(fields);
                    }
                    else
                    {
                        context.Out.WriteLine(Formatting.Line(fields));
                    }
                }

                if (cursor.TornTail is { } torn)
                {
                    context.Error.WriteLine($"journal-tools: note: the journal ends in a torn record ({torn.Bytes} bytes at offset {torn.Offset} of {torn.Segment})");
                }
            }
            catch (Exception ex) when (ToolContext.IsDamage(ex))
            {
                return context.Fail(ExitCodes.Corrupt, ex.Message);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
