using System.Globalization;

namespace Exchange.LatencyHarness;

/// <summary>
/// The usual latency-by-percentile picture: x is the percentile on a "number of nines" scale
/// (log10 of 1 / (1 - p)), y the latency in µs on a log scale, one line per distribution.
/// </summary>
internal static class PercentilePlot
{
    /// <summary>Evenly spaced on the nines scale (0 to 5 nines, 10 per nine), so every curve is smooth.</summary>
    private static readonly double[] Points = [.. Enumerable.Range(0, 51).Select(i => 100 * (1 - Math.Pow(10, -i / 10.0)))];

    /// <summary>One line of the plot: latency (µs) at percentiles; dashed for a reference run or a fill distribution, thick for the baseline.</summary>
    public sealed record Series(string Name, IReadOnlyList<(double Percentile, double Micros)> Points, bool Dashed = false, bool Baseline = false);

    /// <param name="path">The PNG to write.</param>
    /// <param name="title">Above the plot.</param>
    /// <param name="runs">Each run's distributions (its fill latency dashed).</param>
    /// <param name="baseline">Drawn thick and black, so the runs read against it.</param>
    public static void Save(string path, string title, IReadOnlyList<LatencyRun> runs, LatencyRun? baseline = null)
    {
        var series = new List<Series>();
        foreach (var run in runs)
        {
            foreach (var (name, histogram) in Report.Distributions(run))
            {
                if (histogram.TotalCount != 0)
                {
                    series.Add(new Series(name, Points.Select(p => (p, Report.Micros(histogram, p))).ToList(), Dashed: name.EndsWith("-fill", StringComparison.Ordinal),
                        Baseline: run == baseline && name == run.Name));
                }
            }
        }

        Save(path, title, series);
    }

    public static void Save(string path, string title, IReadOnlyList<Series> series)
    {
        var plot = new ScottPlot.Plot();
        foreach (var one in series)
        {
            var xs = new double[one.Points.Count];
            var ys = new double[one.Points.Count];
            for (var i = 0; i < xs.Length; i++)
            {
                xs[i] = Nines(one.Points[i].Percentile);
                ys[i] = Math.Log10(Math.Max(0.01, one.Points[i].Micros));
            }

            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = one.Name;
            line.MarkerSize = 0; // markers on 51 points would hide the lines beneath (a fill curve on its send curve)
            line.LineWidth = one.Baseline ? 4 : 2;
            if (one.Baseline)
            {
                line.Color = ScottPlot.Colors.Black;
            }

            if (one.Dashed)
            {
                line.LinePattern = ScottPlot.LinePattern.Dashed;
            }
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var p in new[] { 0, 50, 90, 99, 99.9, 99.99, 99.999 })
        {
            ticks.AddMajor(Nines(p), p.ToString(CultureInfo.InvariantCulture) + "%");
        }

        plot.Axes.Bottom.TickGenerator = ticks;
        var yTicks = new ScottPlot.TickGenerators.NumericManual();
        for (var exponent = -1; exponent <= 6; exponent++)
        {
            yTicks.AddMajor(exponent, Math.Pow(10, exponent).ToString("G", CultureInfo.InvariantCulture));
        }

        plot.Axes.Left.TickGenerator = yTicks;
        plot.Axes.Bottom.Label.Text = "percentile";
        plot.Axes.Left.Label.Text = "latency (µs, log scale)";
        plot.Title(title);
        plot.ShowLegend(ScottPlot.Edge.Right); // beside the plot: labels never sit on the curves
        plot.SavePng(path, 1000, 600);
    }

    private static double Nines(double percentile) => Math.Log10(1 / (1 - Math.Min(percentile, 99.999) / 100));
}
