using System.CommandLine;
using System.Globalization;
using Exchange.Journal;
using Exchange.Journal.Reading;

namespace Exchange.JournalTools.Commands;

/// <summary>
/// <c>repair --truncate-torn-tail</c>: backs up the last segment, then cuts its torn final record.
/// Refuses to touch a journal with damage anywhere else.
/// </summary>
internal static class RepairCommand
{
    public static Command Create(ToolContext context)
    {
        var dataDir = CommonOptions.DataDirectory();
        var truncate = new Option<bool>("--truncate-torn-tail") { Description = "Cut a torn final record (after copying the segment to a .bak file)." };
        var format = CommonOptions.Format();
        var command = new Command("repair", "Cut a torn tail, after making a backup; refuses to touch anything else.") { dataDir, truncate, format };
        command.SetAction(result =>
        {
            if (!result.GetValue(truncate))
            {
                return context.Fail(ExitCodes.Usage, "say what to repair: --truncate-torn-tail is the only repair there is");
            }

            if (!DataFolder.TryOpen(result.GetValue(dataDir)!, out var folder, out var error))
            {
                return context.Fail(ExitCodes.BadInput, error!);
            }

            TornTail? torn;
            try
            {
                using var cursor = new JournalCursor(folder.JournalDirectory);
                while (cursor.MoveNext())
                {
                }

                torn = cursor.TornTail;
            }
            catch (JournalCorruptException ex)
            {
                return context.Fail(ExitCodes.Corrupt, ex.Message + " — not a torn tail; nothing was changed");
            }

            var json = result.GetValue(format) == OutputFormat.Json;
            if (torn is null)
            {
                if (json)
                {
                    context.WriteJson(new { Repaired = false });
                }
                else
                {
                    context.Out.WriteLine("no torn tail: nothing to repair");
                }

                return ExitCodes.Ok;
            }

            var backup = $"{torn.Segment}.{DateTime.UtcNow.ToString("yyyyMMddTHHmmssfff", CultureInfo.InvariantCulture)}.bak";
            File.Copy(torn.Segment, backup);
            JournalRepair.TruncateTornTail(folder.JournalDirectory);
            if (json)
            {
                context.WriteJson(new { Repaired = true, torn.Segment, torn.Offset, torn.Bytes, torn.Reason, Backup = backup });
            }
            else
            {
                context.Out.WriteLine($"cut {torn.Bytes} bytes at offset {torn.Offset} of {torn.Segment} ({torn.Reason}); backup: {backup}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
