using System.Diagnostics;
using Exchange.Testing;

namespace Exchange.IntegrationTests;

/// <summary>
/// clients/python's own test suite (standard-library unittest), run against a real server on
/// loopback: this test fails when any Python test fails, so the README's test command covers the
/// Python client too. Needs python3 on the path (.ci/run installs it when it is missing); without it
/// the tests are reported as skipped, with the install command (failed instead under CI=true).
/// </summary>
public sealed class PythonClientTests
{
    [SkippableFact]
    public async Task The_python_client_suite_passes_against_a_real_server()
    {
        await using var host = await ExchangeHost.StartAsync();
        var (exit, output) = await PythonProcess.RunAsync(["-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v"],
            Path.Combine(Repository.Root(), "clients", "python"), new Dictionary<string, string> { ["EXCHANGE_PORT"] = host.Gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.True(exit == 0, output);
        Assert.Contains("OK", output, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped", output, StringComparison.Ordinal);
        Assert.Contains("Ran 7 tests", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_python_samples_do_their_job_against_a_real_server()
    {
        await using var host = await ExchangeHost.StartAsync(new Exchange.Gateway.GatewayOptions { MaxSessionsPerAccount = 3, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        var root = Repository.Root();
        var (exit, output) = await PythonProcess.RunAsync(["-m", "unittest", "-v", "test_samples"], Path.Combine(root, "samples", "python"), new Dictionary<string, string>
        {
            ["EXCHANGE_PORT"] = host.Gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PYTHONPATH"] = Path.Combine(root, "clients", "python"),
        });
        Assert.True(exit == 0, output);
        Assert.Contains("Ran 2 tests", output, StringComparison.Ordinal);
        Assert.Contains("OK", output, StringComparison.Ordinal);
    }
}

/// <summary>Runs python3 with arguments in a folder and returns its exit code and everything it printed.</summary>
internal static class PythonProcess
{
    public static async Task<(int Exit, string Output)> RunAsync(string[] arguments, string folder, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(ExternalTool.Require("python3", "apt-get install python3", "python3")) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the Python suite did not finish within 5 minutes: " + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
