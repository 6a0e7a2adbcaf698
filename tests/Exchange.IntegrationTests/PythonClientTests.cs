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
        var (exit, output) = await ProgramRun.PythonAsync(["-m", "unittest", "discover", "-s", "tests", "-t", ".", "-v"],
            Path.Combine(Repository.Root(), "clients", "python"), new Dictionary<string, string> { ["EXCHANGE_PORT"] = host.Gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.True(exit == 0, output);
        Assert.Contains("OK", output, StringComparison.Ordinal);
        Assert.DoesNotContain("skipped", output, StringComparison.Ordinal);
        Assert.Contains("Ran 8 tests", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_python_samples_do_their_job_against_a_real_server()
    {
        await using var host = await ExchangeHost.StartAsync(new Exchange.Gateway.GatewayOptions { MaxSessionsPerAccount = 3, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        var root = Repository.Root();
        var (exit, output) = await ProgramRun.PythonAsync(["-m", "unittest", "-v", "test_samples"], Path.Combine(root, "samples", "python"), new Dictionary<string, string>
        {
            ["EXCHANGE_PORT"] = host.Gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PYTHONPATH"] = Path.Combine(root, "clients", "python"),
        });
        Assert.True(exit == 0, output);
        Assert.Contains("Ran 1 test", output, StringComparison.Ordinal); // getting_started.py runs against the README's server: Exchange.Server.Tests' ReadmeServerSampleTests
        Assert.Contains("OK", output, StringComparison.Ordinal);
    }
}
