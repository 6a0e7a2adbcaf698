using System.CommandLine;
using Exchange.Cli;
using Exchange.JournalTools.Commands;

namespace Exchange.JournalTools;

/// <summary>The command tree of journal-tools: one subcommand per operator question.</summary>
internal static class JournalToolsCommand
{
    public static RootCommand Build(ToolContext context) => new("journal-tools: inspect, verify and replay Exchange journals to a point in time.\n" +
        "Exit codes: 0 ok, 1 usage, 2 bad input (missing folder, not a journal, newer format), 3 damaged, 4 torn tail only, 5 a sequence or time outside the journal, 6 diff: different.")
    {
        InfoCommand.Create(context),
        VerifyCommand.Create(context),
        DumpCommand.Create(context),
        ReplayCommand.Create(context),
        ReplayCommand.CreateBook(context),
        EventsCommand.CreateEvents(context),
        EventsCommand.CreateTrades(context),
        SnapshotCommand.Create(context),
        RepairCommand.Create(context),
        DiffCommand.Create(context),
    };

    /// <summary>Parses and runs; parse errors and --help go to the same writers as the results.</summary>
    public static int Run(string[] args, ToolContext context) =>
        Build(context).Parse(args).InvokeBriefly(new InvocationConfiguration { Output = context.Out, Error = context.Error });
}
