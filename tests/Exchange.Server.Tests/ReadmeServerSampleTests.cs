using System.Globalization;
using Exchange.Client;
using Exchange.Protocol.Orders;
using Exchange.Server.Tests.Cluster;
using Exchange.Testing;

namespace Exchange.Server.Tests;

/// <summary>
/// Every trading sample runs as its page says against the README's server: the real exchange-server with its
/// embedded defaults (demo instruments and accounts; only the data folder and ports differ), the sample with
/// only --port given. Each ends by itself and leaves no order of its own open. The getting-started code is
/// the code docs/client.md shows.
/// </summary>
public sealed class ReadmeServerSampleTests : IDisposable
{
    private static readonly TimeSpan Patience = TestCluster.Patience;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "exchange-readme-samples-" + Guid.NewGuid().ToString("N"));
    private readonly ServerProcess _server = new();
    private readonly int _port = FreePorts.Next();

    public void Dispose()
    {
        _server.Kill();
        _server.Dispose();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Fact]
    public async Task The_csharp_samples_run_as_written_and_end_by_themselves()
    {
        await StartAsync();

        var alone = await SampleAsync("getting-started");
        Assert.Contains("BTC-USD: limit prices 58500..71500 accepted now", alone, StringComparison.Ordinal);
        Assert.Contains("accepted: buy 1 @ 65000", alone, StringComparison.Ordinal);
        Assert.Contains("no fill within 5 seconds", alone, StringComparison.Ordinal);
        Assert.Contains("1 order(s) left open, now cancelled", alone, StringComparison.Ordinal);

        await RestingSellAsync();
        var filled = await SampleAsync("getting-started");
        Assert.Contains("filled 1 @ 65000, 0 left", filled, StringComparison.Ordinal);

        Assert.Contains("quoting 1 @ 64990 / 1 @ 65010", await SampleAsync("market-maker", "--seconds", "2"), StringComparison.Ordinal);
        await RestingSellAsync();
        Assert.Contains("swept 1 of 1 offered at or below 66000", await SampleAsync("taker", "--seconds", "5", "--account", "1003", "--secret", "carol-secret"), StringComparison.Ordinal);
        Assert.Contains("trades recorded", await SampleAsync("recorder", "--seconds", "1", "--out", Path.Combine(_data, "trades.csv")), StringComparison.Ordinal);
        await NoOpenOrdersAsync(1001);

        var page = File.ReadAllText(Path.Combine(Repository.Root(), "docs", "client.md")).ReplaceLineEndings("\n");
        Assert.Contains(Snippet(Path.Combine("samples", "Exchange.Samples", "GettingStarted.cs")), page, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_python_samples_run_as_written_and_end_by_themselves()
    {
        await StartAsync();

        var alone = await PythonAsync("getting_started.py");
        Assert.Contains("accepted: buy 1 @ 65000", alone, StringComparison.Ordinal);
        Assert.Contains("no fill within 5 seconds", alone, StringComparison.Ordinal);

        await RestingSellAsync();
        Assert.Contains("filled 1 @ 65000, 0 left", await PythonAsync("getting_started.py"), StringComparison.Ordinal);
        Assert.Contains("quoting 1 @ 64990 / 1 @ 65010", await PythonAsync("market_maker.py", "--seconds", "2"), StringComparison.Ordinal);
        await NoOpenOrdersAsync(1001);

        var page = File.ReadAllText(Path.Combine(Repository.Root(), "docs", "client.md")).ReplaceLineEndings("\n");
        Assert.Contains(File.ReadAllText(Path.Combine(Repository.Root(), "samples", "python", "getting_started.py")).ReplaceLineEndings("\n"), page, StringComparison.Ordinal);
    }

    private async Task StartAsync()
    {
        _server.Start(["--data-dir", _data, "--port", _port.ToString(CultureInfo.InvariantCulture), "--http-port", FreePorts.Next().ToString(CultureInfo.InvariantCulture)]);
        await _server.WaitForLogAsync("Exchange ready on", Patience);
    }

    private async Task<string> SampleAsync(params string[] args)
    {
        string[] line = [ProgramRun.Built(Path.Combine("samples", "Exchange.Samples"), "Exchange.Samples.dll"), .. args, "--port", _port.ToString(CultureInfo.InvariantCulture)];
        var (exit, output) = await ProgramRun.RunAsync("dotnet", line, Repository.Root(), null, Patience);
        Assert.True(exit == 0, $"exit {exit}: {output}");
        return output;
    }

    private async Task<string> PythonAsync(string script, params string[] args)
    {
        var root = Repository.Root();
        var (exit, output) = await ProgramRun.PythonAsync([script, .. args, "--port", _port.ToString(CultureInfo.InvariantCulture)], Path.Combine(root, "samples", "python"),
            new Dictionary<string, string> { ["PYTHONPATH"] = Path.Combine(root, "clients", "python") });
        Assert.True(exit == 0, $"exit {exit}: {output}");
        return output;
    }

    /// <summary>Bob offers 1 BTC at the demo's start price, so the next buy there fills.</summary>
    private async Task RestingSellAsync()
    {
        await using var bob = await ExchangeClient.ConnectAsync("127.0.0.1", _port, 1002, "bob-secret", ExchangeClient.LiveOnly);
        var placed = await bob.PlaceAsync(NewOrderRequest.Limit(DateTime.UtcNow.Ticks, 1, Side.Sell, 65_000, 1)).WaitAsync(Patience);
        Assert.True(placed.IsAccepted, placed.RejectReason.ToString());
    }

    private async Task NoOpenOrdersAsync(long account)
    {
        await using var client = await ExchangeClient.ConnectAsync("127.0.0.1", _port, account, "alice-secret", ExchangeClient.LiveOnly);
        Assert.Empty(await client.QueryOpenOrdersAsync(Patience));
    }

    /// <summary>The lines between the markers in the sample, unindented, as the page shows them.</summary>
    private static string Snippet(string file)
    {
        var source = File.ReadAllLines(Path.Combine(Repository.Root(), file));
        var from = Array.FindIndex(source, l => l.Trim() == "// docs/client.md: getting started") + 1;
        var to = Array.FindIndex(source, l => l.Trim() == "// end of getting started");
        return string.Join('\n', source[from..to].Select(l => l.Length >= 8 ? l[8..] : l.Trim())) + "\n";
    }
}
