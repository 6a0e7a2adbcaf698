using System.CommandLine;
using Exchange.Journal;
using Exchange.Journal.Reading;

namespace Exchange.JournalTools.Commands;

/// <summary>
/// <c>diff</c>: are two copies of a journal the same history? Walks both record by record (sequence,
/// time, command and payload bytes) and names the first sequence where they part, or says they are
/// identical up to the shorter one's end; prints both chain heads. Exit 0 identical, 6 different.
/// </summary>
internal static class DiffCommand
{
    public static Command Create(ToolContext context)
    {
        var first = new Argument<string>("data-dir") { Description = "One data folder (holds journal/)." };
        var second = new Argument<string>("other-data-dir") { Description = "The data folder to compare it with." };
        var format = CommonOptions.Format();
        var command = new Command("diff", "Compare two journals record by record: the first differing sequence, or identical up to N. Exit 0 identical, 6 different.")
        {
            first, second, format,
        };
        command.SetAction(result => Run(context, result.GetValue(first)!, result.GetValue(second)!, result.GetValue(format)));
        return command;
    }

    private static int Run(ToolContext context, string pathA, string pathB, OutputFormat format)
    {
        if (!DataFolder.TryOpen(pathA, out var a, out var error) || !DataFolder.TryOpen(pathB, out var b, out error))
        {
            return context.Fail(ExitCodes.BadInput, error!);
        }

        try
        {
            using var left = new JournalCursor(a.JournalDirectory, 0);
            using var right = new JournalCursor(b.JournalDirectory, 0);
            long same = 0;
            string? difference = null;
            while (true)
            {
                var hasLeft = left.MoveNext();
                var hasRight = right.MoveNext();
                if (!hasLeft || !hasRight)
                {
                    difference = hasLeft == hasRight ? null
                        : $"{(hasLeft ? pathA : pathB)} goes on after sequence {same:N0} (from {(hasLeft ? left : right).Header.Sequence:N0}); {(hasLeft ? pathB : pathA)} ends there";
                    break;
                }

                if (Differs(left, right) is { } what)
                {
                    difference = $"sequence {left.Header.Sequence:N0} differs ({what}):\n  {pathA}: {Formatting.Line(Formatting.CommandFields(left.ReadCommand()))}\n  {pathB}: {Formatting.Line(Formatting.CommandFields(right.ReadCommand()))}";
                    break;
                }

                same = left.Header.Sequence;
            }

            var identical = difference is null;
            if (format == OutputFormat.Json)
            {
                context.WriteJson(new { Identical = identical, IdenticalUpTo = same, Difference = difference, ChainHeadA = left.Chain.Value.ToString(), ChainHeadB = right.Chain.Value.ToString() });
            }
            else
            {
                context.Out.WriteLine(identical ? $"identical: {same:N0} records" : $"identical up to sequence {same:N0}; {difference}");
                context.Out.WriteLine($"chain head {pathA}: {left.Chain.Value} at {left.Chain.Sequence:N0}");
                context.Out.WriteLine($"chain head {pathB}: {right.Chain.Value} at {right.Chain.Sequence:N0}");
            }

            return identical ? ExitCodes.Ok : ExitCodes.Different;
        }
        catch (Exception ex) when (ToolContext.IsDamage(ex))
        {
            return context.Fail(ExitCodes.Corrupt, ex.Message);
        }
    }

    /// <summary>What differs between two records at the same position, or null when nothing does.</summary>
    private static string? Differs(JournalCursor left, JournalCursor right)
    {
        var (l, r) = (left.Header, right.Header);
        return l.Sequence != r.Sequence ? $"sequence {l.Sequence} against {r.Sequence}"
            : l.Timestamp != r.Timestamp ? "time"
            : l.CommandType != r.CommandType || l.CommandVersion != r.CommandVersion ? "command type"
            : !left.Payload.SequenceEqual(right.Payload) ? "command fields"
            : null;
    }
}
