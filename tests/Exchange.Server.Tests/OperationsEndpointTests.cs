using Exchange.Engine;
using Exchange.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Exchange.Client;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;

namespace Exchange.Server.Tests;

/// <summary>
/// The real exchange-server's HTTP endpoint, as an operator's Prometheus and load balancer see it: health
/// and readiness answer, the metrics named in docs move under a short load of real client traffic, and
/// every metric the Grafana dashboard in the repository queries is one the server exports.
/// </summary>
public sealed partial class OperationsEndpointTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "exchange-ops-tests", Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = Patience };
    private Process? _server;

    [Fact]
    public async Task Health_answers_and_the_metrics_and_the_dashboard_queries_move_under_load()
    {
        var (port, http) = await StartServerAsync("--durability", "async", "--snapshot-every-commands", "5");
        Assert.Equal("Healthy", await GetAsync(http + "/health/live"));
        Assert.Equal("Healthy", await GetAsync(http + "/health/ready"));

        await Assert.ThrowsAsync<LoginRejectedException>(() => ExchangeClient.ConnectAsync("127.0.0.1", port, 1002, "not-bobs-secret"));
        await using (var alice = await ExchangeClient.ConnectAsync("127.0.0.1", port, 1001, "alice-secret"))
        {
            await alice.SubscribeBookAsync(1);
            await alice.PlaceLimitAsync(1, 1, 1, 60_000, 1);
            await alice.WaitForAsync<OrderAccepted>(Patience);
            await alice.PlaceLimitAsync(2, 99, 1, 60_000, 1); // no such instrument
            await alice.WaitForAsync<OrderRejected>(Patience);
            await alice.SendRawAsync(new byte[] { 2, 0, 0xEE, 1 }); // a message type the protocol does not have
            await alice.WaitForAsync<ProtocolReject>(Patience);
            await alice.LogoutAsync();
            await alice.WaitForAsync<SessionEnded>(Patience);
        }

        // The exporter refreshes what it serves now and then: poll until every expectation holds.
        var expected = new[]
        {
            "exchange_engine_commands_total{*type=\"PlaceOrder\"}",
            "exchange_engine_rejects_total{*reason=\"UnknownInstrument\"}",
            "exchange_gateway_logins_total{*result=\"accepted\"}",
            "exchange_gateway_logins_total{*result=\"refused\"}",
            "exchange_gateway_protocol_rejects_total{*reason=\"UnknownMessageType\"}",
            "exchange_gateway_sessions_ended_total{*reason=\"Logout\"}",
            "exchange_journal_fsyncs_total{*}",
            "exchange_journal_commit_duration_seconds_count{*}",
            "exchange_snapshot_pause_duration_seconds_count{*}",
        };
        var dashboard = DashboardMetrics();
        Assert.True(dashboard.Count >= 15, $"the dashboard queries only {dashboard.Count} metrics");
        if (PipelineTopologies.Resolve(PipelineTopology.Auto, Environment.ProcessorCount) == PipelineTopology.Compact)
        {
            Assert.True(dashboard.Remove("exchange_ring_output_remaining")); // the server runs compact here: no output ring, no gauge (its panel shows the input ring alone)
        }

        string scrape = string.Empty;
        List<string> missing = [];
        var deadline = Stopwatch.StartNew();
        do
        {
            scrape = await GetAsync(http + "/metrics");
            missing = [.. expected.Where(e => Value(scrape, e) is not > 0), .. dashboard.Where(m => !Exports(scrape, m)).Select(m => "dashboard: " + m)];
            if (missing.Count > 0)
            {
                await Task.Delay(250);
            }
        }
        while (missing.Count > 0 && deadline.Elapsed < Patience);
        Assert.True(missing.Count == 0, "not in /metrics (or zero): " + string.Join(", ", missing));
    }

    /// <summary>Every metric name the repository's Grafana dashboard queries.</summary>
    private static HashSet<string> DashboardMetrics()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Exchange.Testing.Repository.Root(), "docs", "grafana", "exchange-dashboard.json")));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var panel in json.RootElement.GetProperty("panels").EnumerateArray())
        {
            foreach (var target in panel.GetProperty("targets").EnumerateArray())
            {
                foreach (Match name in MetricName().Matches(target.GetProperty("expr").GetString()!))
                {
                    names.Add(name.Value);
                }
            }
        }

        return names;
    }

    private static bool Exports(string scrape, string metric) =>
        scrape.Split('\n').Any(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal));

    /// <summary>The value of the first sample matching <paramref name="pattern"/> (a name, and label text after <c>{*</c>).</summary>
    private static double? Value(string scrape, string pattern)
    {
        var name = pattern[..pattern.IndexOf('{', StringComparison.Ordinal)];
        var label = pattern[(pattern.IndexOf('*', StringComparison.Ordinal) + 1)..^1];
        foreach (var line in scrape.Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))
            {
                return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private async Task<string> GetAsync(string url) => await _http.GetStringAsync(new Uri(url));

    /// <summary>Starts exchange-server on free ports; returns the gateway port and the HTTP base address from its log.</summary>
    private async Task<(int Port, string Http)> StartServerAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "exchange-server.dll"));
        foreach (var arg in (string[])["--data-dir", _data, "--port", "0", "--http-port", "0", .. args])
        {
            start.ArgumentList.Add(arg);
        }

        _server = Process.Start(start)!;
        _ = _server.StandardError.ReadToEndAsync();
        int? port = null;
        string? http = null;
        using var timeout = new CancellationTokenSource(Patience);
        while ((port is null || http is null) && await _server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (ReadyLine().Match(line) is { Success: true } ready)
            {
                port = int.Parse(ready.Groups[1].Value, CultureInfo.InvariantCulture);
            }

            if (HttpLine().Match(line) is { Success: true } listening)
            {
                http = listening.Groups[1].Value;
            }
        }

        _ = _server.StandardOutput.ReadToEndAsync();
        return (port ?? throw new InvalidOperationException("the server never said it was ready"), http ?? throw new InvalidOperationException("the server never said where HTTP listens"));
    }

    [GeneratedRegex(@"Exchange ready on [0-9.]+:(\d+)")]
    private static partial Regex ReadyLine();

    [GeneratedRegex(@"HTTP on (http://[0-9.]+:\d+)")]
    private static partial Regex HttpLine();

    [GeneratedRegex(@"\b(?:exchange|dotnet)_[a-z_]+\b")]
    private static partial Regex MetricName();

    /// <summary>Kills the server (xunit v2 calls Dispose, not DisposeAsync, on a test class).</summary>
    public void Dispose()
    {
        _http.Dispose();
        if (_server is { } server)
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit(60_000);
            server.Dispose();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
