namespace Exchange.LatencyHarness.Tests;

/// <summary><c>compare</c>: the percentile table with after ÷ before, the overlay plot, and the exit code that gates a change.</summary>
public sealed class CompareTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "latency-harness-compare", Guid.NewGuid().ToString("N"));

    public CompareTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A summary as a run writes it; <paramref name="pascal"/> writes the run fields as older runs did.</summary>
    private string Summary(string name, double p50, double p99, bool pascal = false)
    {
        var folder = Path.Combine(_dir, name);
        Directory.CreateDirectory(folder);
        var (nameKey, latencyKey) = pascal ? ("Name", "LatencyMicros") : ("name", "latencyMicros");
        File.WriteAllText(Path.Combine(folder, "summary.json"), $$"""
            { "title": "{{name}}", "runs": [
              { "{{nameKey}}": "echo", "{{latencyKey}}": { "p50": 40, "p90": 60, "p99": 100, "p99.9": 900, "p99.99": 2000, "max": 3000 } },
              { "{{nameKey}}": "tcp-async", "{{latencyKey}}": { "p50": {{p50}}, "p90": 150, "p99": {{p99}}, "p99.9": 2000, "p99.99": 4000, "max": 5000 } } ] }
            """);
        return folder;
    }

    private static async Task<(int Code, string Output, string Error)> Compare(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await HarnessCommand.RunAsync(["compare", .. args], output, error, interactive: false);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_run_within_the_threshold_passes_with_a_table_and_a_plot()
    {
        var before = Summary("before", 100, 300, pascal: true);
        var after = Summary("after", 105, 280);
        var (code, output, error) = await Compare(before, Path.Combine(after, "summary.json"));
        Assert.True(code == 0, error + output);
        Assert.Contains("tcp-async", output, StringComparison.Ordinal);
        Assert.Contains("  p50                  100.0           105.0            1.05", output, StringComparison.Ordinal);
        Assert.Contains("no p50 or p99 grew past 1.10×", output, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(after, "compare.png")).Length > 1_000);
    }

    [Fact]
    public async Task A_run_slower_than_the_threshold_exits_3_naming_what_regressed()
    {
        var before = Summary("before", 100, 300);
        var after = Summary("after", 100, 450);
        var (code, output, _) = await Compare(before, after, "--threshold", "1.2");
        Assert.Equal(3, code);
        Assert.Contains("regressed past 1.20×: tcp-async p99 1.50×", output, StringComparison.Ordinal);
        Assert.Equal(0, (await Compare(before, after, "--threshold", "1.6")).Code);
    }

    [Fact]
    public async Task Missing_or_unrelated_summaries_are_clear_errors()
    {
        var (code, _, error) = await Compare(Path.Combine(_dir, "nothing"), Summary("after", 1, 1));
        Assert.Equal(2, code);
        Assert.Contains("no summary.json at", error, StringComparison.Ordinal);
    }
}
