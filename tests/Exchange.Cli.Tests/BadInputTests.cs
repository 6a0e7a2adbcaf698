namespace Exchange.Cli.Tests;

/// <summary>
/// Nonsense on exchange-cli's command line is refused before anything is sent, with the reason and the
/// usage exit code: never a stack trace, never a value silently taken as another, never the secret echoed.
/// </summary>
public sealed class BadInputTests
{
    private const string Secret = "0123456789-abcdefghij-0123456789-too-long";

    public static TheoryData<string[], string> BadInputs => new()
    {
        { ["balances", "--port", "99999"], "--port 99999 is out of range" },
        { ["balances", "--port", "-1"], "--port -1 is out of range" },
        { ["balances", "--secret", Secret], "--secret is longer than 32 bytes" },
        { ["balances", "--wait", "-1"], "--wait -1 is out of range" },
        { ["place", "buy", "1", "--price", "60000", "--expire", "+99999999999h"], "is outside 1970-01-01 .. 2262-04-11" },
        { ["place", "buy", "1", "--price", "60000", "--expire", "next tuesday"], "is not a time" },
        { ["place", "buy", "1", "--price", "abc"], "Cannot parse argument 'abc' for option '--price'" },
        { ["place", "buy", "1", "--price", "60000", "--client-id", "-7"], "--client-id -7 is out of range" },
        { ["place", "buy", "1", "--market", "--price", "5"], "a market order takes no --price" },
        { ["place", "buy", "-1", "--price", "5"], "quantity -1 must be positive" },
        { ["place", "buy", "1", "--price", "5", "--display", "-3"], "--display -3 is out of range" },
        { ["book", "--depth", "-1"], "--depth -1 is out of range" },
        { ["trades", "--count", "-1"], "--count -1 is out of range" },
        { ["admin", "add-instrument", "--instrument", "9", "--symbol", "THIS-SYMBOL-IS-FAR-TOO-LONG-FOR-THE-FIELD", "--base", "1", "--quote", "2", "--start-price", "5"], "must be 1 to 32 bytes" },
        { ["admin", "add-account", "--target", "60", "--new-secret", Secret], "--new-secret is longer than 32 bytes" },
        { ["admin", "deposit", "--target", "-5", "--asset", "USD", "--amount", "1"], "--target -5 is out of range" },
        { ["admin", "deposit", "--target", "5", "--asset", "USD", "--amount", "-1"], "--amount -1 is out of range" },
    };

    [Fact]
    public void A_secret_from_the_environment_that_cannot_fit_is_refused_and_never_shown_in_help()
    {
        Environment.SetEnvironmentVariable("EXCHANGE_SECRET", Secret);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.Equal(CliExitCodes.Usage, CliCommand.Run(["balances", "--account", "1", "--port", "1"], output, error));
            Assert.Contains("the secret is longer than 32 bytes", error.ToString(), StringComparison.Ordinal);
            CliCommand.Run(["--help"], output, error);
            Assert.DoesNotContain(Secret, output.ToString() + error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("EXCHANGE_SECRET", null);
        }
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Is_refused_with_its_reason_and_exit_code_1(string[] args, string reason)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] all = [.. args, "--account", "1", .. args.Contains("--secret") ? Array.Empty<string>() : ["--secret", "secret-1"], .. args.Contains("--port") ? Array.Empty<string>() : ["--port", "1"]];
        var exit = CliCommand.Run(all, output, error);
        var said = output.ToString() + error.ToString();
        Assert.Equal(CliExitCodes.Usage, exit);
        Assert.Contains(reason, said, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", said, StringComparison.Ordinal); // no stack trace
        Assert.DoesNotContain(Secret, said, StringComparison.Ordinal);
    }
}
