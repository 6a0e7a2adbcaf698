using System.CommandLine;
using Exchange.Cli;

namespace Exchange.JournalTools.Commands;

/// <summary>Arguments and options every command shares, made fresh per command (System.CommandLine symbols have one parent).</summary>
internal static class CommonOptions
{
    public static Argument<string> DataDirectory() => new("data-dir") { Description = "The engine's data folder (holds journal/ and snapshots/)." };

    public static Option<OutputFormat> Format() => new Option<OutputFormat>("--format")
    {
        Description = "Output as human-readable text or as JSON.",
        DefaultValueFactory = _ => OutputFormat.Text,
    }.Named();

    public static Option<long?> Sequence(string name, string description) => new Option<long?>(name) { Description = description }.Within(1, long.MaxValue); // sequences start at 1

    /// <summary>An instrument by symbol (BTC-USD, any case) or id, checked against the journal's AddInstrument records.</summary>
    public static Option<string?> Instrument(string description) => new("--instrument") { Description = description + " Symbol (BTC-USD) or id." };

    public static Option<long?> Account(string description) => new Option<long?>("--account") { Description = description }.Within(1, long.MaxValue);

    public static Option<string?> Time(string name, string description) => new(name)
    {
        Description = description + " " + char.ToUpperInvariant(Exchange.Protocol.TimeExpression.Syntax[0]) + Exchange.Protocol.TimeExpression.Syntax[1..] + ".",
    };
}

/// <summary>How results are printed.</summary>
internal enum OutputFormat
{
    Text,
    Json,
}

