using Exchange.Testing;

namespace Exchange.JournalTools.Tests;

/// <summary>
/// Every option of every journal-tools command, given a value of the wrong type or out of range, gets a short
/// reason and the usage exit code, never a stack trace. The data folder does not exist, so a value that parses
/// ends at "no such folder" (exit 2) before anything is read or written.
/// </summary>
public sealed class EveryOptionTests
{
    public static TheoryData<string, string> Cases() => CommandLineWalk.BadValues(JournalToolsCommand.Build(Context()));

    [Fact]
    public void The_walk_reaches_every_command()
    {
        var commands = CommandLineWalk.Options(JournalToolsCommand.Build(Context())).Select(c => c.Path[^1]).Distinct().ToArray();
        Assert.Equal(10, commands.Length); // a new command raises this count
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_value_gets_a_reason_and_no_stack_trace(string optionPath, string value)
    {
        var context = Context();
        var target = CommandLineWalk.Options(JournalToolsCommand.Build(context)).Single(c => c.ToString() == optionPath);
        var line = CommandLineWalk.Line(target, value, _ => "/nonexistent/exchange-data");

        var exit = JournalToolsCommand.Run(line, context);

        var said = context.Out.ToString() + context.Error;
        Assert.DoesNotContain("   at ", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", said, StringComparison.Ordinal);
        if (CommandLineWalk.IsTyped(target.Option))
        {
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.True(said.Contains(target.Option.Name, StringComparison.Ordinal) || said.Contains($"'{value}'", StringComparison.Ordinal), said);
        }
        else
        {
            Assert.True(exit is ExitCodes.Usage or ExitCodes.BadInput, $"exit {exit}: {said}");
        }

        Assert.True(said.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 16, said);
    }

    private static ToolContext Context() => new(new StringWriter(), new StringWriter(), interactive: false);
}
