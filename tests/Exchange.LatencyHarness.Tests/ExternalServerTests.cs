using System.Globalization;
using Exchange.IntegrationTests;

namespace Exchange.LatencyHarness.Tests;

/// <summary><c>tcp --host</c> against a running server: the harness opens and funds its own accounts through the admin messages, and its orders trade.</summary>
public sealed class ExternalServerTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "latency-harness-external", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Fact]
    public async Task A_running_server_is_measured_out_of_the_box_with_a_fill_latency_row()
    {
        await using var host = await ExchangeHost.StartAsync(new Exchange.Gateway.GatewayOptions { MaxSessionsPerAccount = 4, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = ["tcp", "--host", "127.0.0.1", "--port", host.Gateway.Port.ToString(CultureInfo.InvariantCulture), "--first-account", "100",
            "--admin-account", ExchangeHost.AdminAccount.ToString(CultureInfo.InvariantCulture), "--admin-secret", "admin-secret", "--connections", "2",
            "--rate", "500", "--duration", "0.5", "--warmup", "0.1", "--out", _out];
        var code = await HarnessCommand.RunAsync(args, output, error, interactive: false);
        Assert.True(code == 0, output.ToString() + error);
        Assert.Contains("accounts 100..101 opened (or found) and funded on 127.0.0.1", output.ToString(), StringComparison.Ordinal);
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "summary.json")));
        var fill = summary.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "tcp-127.0.0.1").GetProperty("fillLatencyMicros");
        Assert.True(fill.ValueKind == System.Text.Json.JsonValueKind.Object, "no fill row (orders did not trade):\n" + output + error); // orders traded: the fill row exists
        Assert.True(fill.GetProperty("p50").GetDouble() > 0);

        // A second run finds its accounts there (their secrets persisted) and measures again.
        Assert.Equal(0, await HarnessCommand.RunAsync(args, new StringWriter(), new StringWriter(), interactive: false));
    }
}
