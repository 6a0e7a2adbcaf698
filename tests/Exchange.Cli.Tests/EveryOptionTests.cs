using Exchange.Testing;

namespace Exchange.Cli.Tests;

/// <summary>
/// Every option of every exchange-cli command, given a value of the wrong type or out of range, gets a short
/// reason naming the option and the usage exit code, never a stack trace (<c>--wait abc</c> once aborted
/// with exit 134). Nothing is sent: the port is 1, where nothing listens.
/// </summary>
public sealed class EveryOptionTests
{
    public static TheoryData<string, string> Cases() => CommandLineWalk.BadValues(CliCommand.Build(TextWriter.Null, TextWriter.Null));

    [Fact]
    public void The_walk_reaches_every_command()
    {
        var commands = CommandLineWalk.Options(CliCommand.Build(TextWriter.Null, TextWriter.Null)).Select(c => string.Join(' ', c.Path)).Distinct().ToArray();
        Assert.Equal(16, commands.Length); // 9 top-level commands, 7 admin ones: a new command raises this count
        Assert.Contains(commands, c => c.EndsWith(" admin add-instrument", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_value_gets_a_reason_and_no_stack_trace(string optionPath, string value)
    {
        var target = CommandLineWalk.Options(CliCommand.Build(TextWriter.Null, TextWriter.Null)).Single(c => c.ToString() == optionPath);
        string[] line = [.. CommandLineWalk.Line(target, value), .. Common(target)];
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = CliCommand.Run(line, output, error);

        var said = output + error.ToString();
        Assert.DoesNotContain("   at ", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled", said, StringComparison.Ordinal);
        if (CommandLineWalk.IsTyped(target.Option))
        {
            Assert.Equal(CliExitCodes.Usage, exit);
            Assert.True(said.Contains(target.Option.Name, StringComparison.Ordinal) || said.Contains($"'{value}'", StringComparison.Ordinal), said);
        }
        else
        {
            Assert.True(exit is CliExitCodes.Usage or CliExitCodes.Connection, $"exit {exit}: {said}");
        }

        Assert.True(said.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 16, said); // a reason (with the choices it may list), not the help page
    }

    /// <summary>Login options the walk's target does not set itself; port 1 so nothing is ever sent.</summary>
    private static string[] Common(CommandLineWalk.Case target)
    {
        var words = new List<string>();
        foreach (var (name, value) in new[] { ("--port", "1"), ("--account", "1"), ("--secret", "secret-1"), ("--wait", "1") })
        {
            if (target.Option.Name != name)
            {
                words.Add(name);
                words.Add(value);
            }
        }

        return [.. words];
    }
}
