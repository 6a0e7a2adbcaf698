using System.Globalization;
using System.Text.Json;
using HdrHistogram;

namespace Exchange.LatencyHarness;

/// <summary>
/// Writes what a run found: a percentile table (µs) on the console with ratios to the baseline,
/// one HdrHistogram <c>.hgrm</c> file per distribution, a JSON summary, and a PNG of the percentile
/// distributions with the runs overlaid.
/// </summary>
internal static class Report
{
    public static readonly double[] Percentiles = [50, 90, 99, 99.9, 99.99, 100];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }; // one key casing throughout

    /// <summary>The distributions of a run: its main latency and, where measured, its fill latency.</summary>
    public static IEnumerable<(string Name, LongHistogram Histogram)> Distributions(LatencyRun run)
    {
        yield return (run.Name, run.Latency);
        if (run.FillLatency is { TotalCount: > 0 } fill)
        {
            yield return (run.Name + "-fill", fill);
        }
    }

    public static double Micros(LongHistogram histogram, double percentile) =>
        histogram.TotalCount == 0 ? double.NaN : (percentile >= 100 ? histogram.GetMaxValue() : histogram.GetValueAtPercentile(percentile)) / 1_000.0;

    public static void PrintTable(TextWriter output, IReadOnlyList<LatencyRun> runs, LatencyRun? baseline)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"run",-22} {"rate/s",10} {"achieved",10} {"answered",10} {"p50 µs",9} {"p90 µs",9} {"p99 µs",9} {"p99.9 µs",9} {"p99.99 µs",10} {"max µs",9}"));
        foreach (var run in runs)
        {
            foreach (var (name, histogram) in Distributions(run))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name,-22} {run.Rate,10:N0} {run.AchievedRate,10:N0} {run.Answered + "/" + run.Sent,10} {Micros(histogram, 50),9:F1} {Micros(histogram, 90),9:F1} {Micros(histogram, 99),9:F1} {Micros(histogram, 99.9),9:F1} {Micros(histogram, 99.99),10:F1} {Micros(histogram, 100),9:F1}"));
            }
        }

        foreach (var run in runs)
        {
            run.Stages?.Print(output, run.Name);
            if (run.AllocatedBytes is { } bytes && run.MeasuredMessages > 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{run.Name}: {bytes / (double)run.MeasuredMessages:F2} bytes allocated per message after the warm-up, in this whole process (client, server and harness together)"));
            }
        }

        foreach (var run in runs)
        {
            var (gen0, gen1, gen2, pause) = run.Collections;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Name}: garbage collections during the run gen0 {gen0}, gen1 {gen1}, gen2 {gen2}, total pause {pause:F1} ms"));
        }

        if (baseline is null)
        {
            return;
        }

        foreach (var run in runs)
        {
            if (run == baseline || run.Name == "fsync")
            {
                continue;
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run.Name}: p50 = {Ratio(run, baseline, 50):F2}x {baseline.Name}, p99 = {Ratio(run, baseline, 99):F2}x, p99.9 = {Ratio(run, baseline, 99.9):F2}x (at {run.Rate:N0} msg/s)"));
        }
    }

    public static double Ratio(LatencyRun run, LatencyRun baseline, double percentile) => Micros(run.Latency, percentile) / Micros(baseline.Latency, percentile);

    /// <summary>Writes the .hgrm files, summary.json and latency.png; returns the paths written.</summary>
    public static IReadOnlyList<string> WriteFiles(string directory, string title, IReadOnlyList<LatencyRun> runs, LatencyRun? baseline, IReadOnlyDictionary<string, double> throughput)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var run in runs)
        {
            foreach (var (name, histogram) in Distributions(run))
            {
                var path = Path.Combine(directory, name + ".hgrm");
                using (var writer = new StreamWriter(path))
                {
                    // Values are recorded in nanoseconds; the file speaks microseconds.
                    histogram.OutputPercentileDistribution(writer, outputValueUnitScalingRatio: 1_000.0);
                }

                written.Add(path);
            }
        }

        var summary = new
        {
            title,
            machine = new { cores = Environment.ProcessorCount, os = System.Runtime.InteropServices.RuntimeInformation.OSDescription, runtime = Environment.Version.ToString() },
            date = DateTimeOffset.UtcNow,
            throughputPerSecond = throughput,
            baseline = baseline?.Name,
            runs = runs.Select(run => new
            {
                run.Name,
                run.Description,
                run.Rate,
                run.AchievedRate,
                garbageCollections = new { run.Collections.Gen0, run.Collections.Gen1, run.Collections.Gen2, run.Collections.PauseMillis },
                run.Sent,
                run.Answered,
                latencyMicros = Percentiles.ToDictionary(p => Label(p), p => Micros(run.Latency, p)),
                fillLatencyMicros = run.FillLatency is { TotalCount: > 0 } fill ? Percentiles.ToDictionary(p => Label(p), p => Micros(fill, p)) : null,
                stages = run.Stages?.ToJson(),
                allocatedBytesPerMessage = run.AllocatedBytes is { } bytes && run.MeasuredMessages > 0 ? bytes / (double)run.MeasuredMessages : (double?)null,
                ratioToBaseline = baseline is null || run == baseline || run.Name == "fsync" ? null : new[] { 50.0, 99, 99.9 }.ToDictionary(p => Label(p), p => Ratio(run, baseline, p)),
            }),
        };
        var json = Path.Combine(directory, "summary.json");
        File.WriteAllText(json, JsonSerializer.Serialize(summary, Json));
        written.Add(json);
        var png = Path.Combine(directory, "latency.png");
        PercentilePlot.Save(png, title, runs, baseline);
        written.Add(png);
        return written;
    }

    private static string Label(double percentile) => percentile >= 100 ? "max" : "p" + percentile.ToString(CultureInfo.InvariantCulture);
}
