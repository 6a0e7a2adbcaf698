using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace Exchange.LatencyHarness;

/// <summary>
/// <c>compare A B</c>: "did my change make it faster?" Two runs' summary.json files (or the folders
/// holding them), a percentile table per run present in both with B ÷ A, a PNG with both overlaid,
/// and a non-zero exit when any run's p50 or p99 grew past <c>--threshold</c>, so it can gate a change.
/// </summary>
internal static class CompareCommand
{
    /// <summary>Exit code when a run got slower than the threshold allows.</summary>
    public const int Regressed = 3;

    private static readonly JsonSerializerOptions Read = new() { PropertyNameCaseInsensitive = true };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var before = new Argument<string>("before") { Description = "The reference run: its summary.json or the folder holding it." };
        var after = new Argument<string>("after") { Description = "The run to judge: its summary.json or the folder holding it." };
        var threshold = new Option<double>("--threshold")
        {
            Description = "Largest after ÷ before allowed at p50 and p99 before the exit code says regressed (3).",
            DefaultValueFactory = _ => 1.10,
        };
        var png = new Option<string?>("--png") { Description = "Where to draw both runs overlaid (default: compare.png beside the after run)." };
        var command = new Command("compare", "Compare two runs (summary.json files or their folders): percentiles, after ÷ before, a PNG overlay; exit 3 past --threshold at p50 or p99.")
        {
            before, after, threshold, png,
        };
        command.SetAction(r => Run(output, error, r.GetValue(before)!, r.GetValue(after)!, r.GetValue(threshold), r.GetValue(png)));
        return command;
    }

    private static int Run(TextWriter output, TextWriter error, string beforePath, string afterPath, double threshold, string? pngPath)
    {
        if (threshold <= 0)
        {
            error.WriteLine("latency-harness: --threshold must be positive");
            return 1;
        }

        if (!TryLoad(beforePath, out var a, out var problem) || !TryLoad(afterPath, out var b, out problem))
        {
            error.WriteLine("latency-harness: " + problem);
            return 2;
        }

        var regressed = new List<string>();
        var series = new List<PercentilePlot.Series>();
        var common = 0;
        foreach (var run in b.Runs)
        {
            var reference = a.Runs.FirstOrDefault(x => string.Equals(x.Name, run.Name, StringComparison.OrdinalIgnoreCase));
            if (reference is null || reference.LatencyMicros is null || run.LatencyMicros is null)
            {
                continue;
            }

            common++;
            output.WriteLine(run.Name);
            output.WriteLine("  percentile       before µs        after µs   after ÷ before");
            foreach (var (label, afterMicros) in run.LatencyMicros)
            {
                if (!reference.LatencyMicros.TryGetValue(label, out var beforeMicros))
                {
                    continue;
                }

                var ratio = afterMicros / Math.Max(beforeMicros, 1e-9);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label,-10} {beforeMicros,15:N1} {afterMicros,15:N1} {ratio,15:F2}{(ratio > threshold && label is "p50" or "p99" ? "  slower" : string.Empty)}"));
                if (ratio > threshold && label is "p50" or "p99")
                {
                    regressed.Add(string.Create(CultureInfo.InvariantCulture, $"{run.Name} {label} {ratio:F2}×"));
                }
            }

            series.Add(new PercentilePlot.Series(run.Name + " (before)", Points(reference.LatencyMicros), Dashed: true));
            series.Add(new PercentilePlot.Series(run.Name + " (after)", Points(run.LatencyMicros), Dashed: false));
        }

        if (common == 0)
        {
            error.WriteLine("latency-harness: the two summaries have no run in common");
            return 2;
        }

        var picture = pngPath ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(afterPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? afterPath : Path.Combine(afterPath, "summary.json")))!, "compare.png");
        PercentilePlot.Save(picture, $"before: {a.Title} / after: {b.Title}", series);
        output.WriteLine($"plot: {picture}");
        if (regressed.Count > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"regressed past {threshold:F2}×: {string.Join(", ", regressed)}"));
            return Regressed;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"no p50 or p99 grew past {threshold:F2}×"));
        return 0;
    }

    private static List<(double Percentile, double Micros)> Points(Dictionary<string, double> latency)
    {
        var points = new List<(double, double)>();
        foreach (var (label, micros) in latency)
        {
            var percentile = label == "max" ? 99.999 : double.Parse(label[1..], CultureInfo.InvariantCulture);
            points.Add((percentile, micros));
        }

        points.Sort();
        return points;
    }

    private static bool TryLoad(string path, out Summary summary, out string? problem)
    {
        summary = new Summary();
        problem = null;
        var file = Directory.Exists(path) ? Path.Combine(path, "summary.json") : path;
        if (!File.Exists(file))
        {
            problem = $"no summary.json at {path}";
            return false;
        }

        try
        {
            summary = JsonSerializer.Deserialize<Summary>(File.ReadAllText(file), Read) ?? new Summary();
            return true;
        }
        catch (JsonException ex)
        {
            problem = $"{file} is not a latency-harness summary: {ex.Message}";
            return false;
        }
    }

    /// <summary>What compare reads of a summary.json (either key casing: older runs wrote PascalCase run fields).</summary>
    private sealed class Summary
    {
        public string Title { get; set; } = string.Empty;

        public List<RunSummary> Runs { get; set; } = [];
    }

    private sealed class RunSummary
    {
        public string Name { get; set; } = string.Empty;

        public Dictionary<string, double>? LatencyMicros { get; set; }
    }
}
