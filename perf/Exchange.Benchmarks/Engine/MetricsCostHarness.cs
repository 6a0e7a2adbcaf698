using System.Diagnostics.Metrics;
using System.Globalization;
using Exchange.Benchmarks.Workloads;
using Exchange.Engine;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Exchange.Benchmarks.Engine;

/// <summary>
/// What watching the engine costs it: the durable pipeline's throughput (sync and async) with the
/// engine's instruments created and an OpenTelemetry SDK collecting them (exporting every second, as a
/// Prometheus scrape or OTLP push would), against the same run without metrics, in alternating rounds
/// so this noisy machine's drift falls on both; prints the ratio of the medians. Goal: within 3 %.
/// Run: <c>-- metrics-cost [commands] [rounds]</c>.
/// </summary>
internal static class MetricsCostHarness
{
    public static void Run(int commands, int rounds)
    {
        var root = Path.Combine(Path.GetTempPath(), "exchange-metrics-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var exported = 0;
        try
        {
            Console.WriteLine($"Metrics cost, data under {root}, {Environment.ProcessorCount} cores, {rounds} rounds");
            var workload = Workload.Generate(WorkloadProfile.OneInstrument(commands));
            foreach (var durability in new[] { Durability.Sync, Durability.Async })
            {
                var on = new List<double>();
                var off = new List<double>();
                long allocatedOn = 0, allocatedOff = 0;
                var roundsFaster = 0;
                for (var round = 0; round < rounds; round++)
                {
                    foreach (var metrics in round % 2 == 0 ? new[] { true, false } : [false, true])
                    {
                        var directory = Path.Combine(root, $"{durability}-{metrics}-{round}");
                        if (!metrics)
                        {
                            off.Add(PipelineHarness.Throughput(directory, workload, durability, compress: false, allocated: bytes => allocatedOff += bytes));
                            continue;
                        }

                        // A collector per run, as one server has: exports every second, as a scrape or an OTLP push would.
                        var streams = new List<Metric>();
                        using (var meters = new PlainMeterFactory())
                        using (var provider = Sdk.CreateMeterProviderBuilder()
                            .AddMeter(EngineMetrics.MeterName)
                            .AddInMemoryExporter(streams, reader => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 1_000)
                            .Build())
                        {
                            on.Add(PipelineHarness.Throughput(directory, workload, durability, compress: false, meters: meters, allocated: bytes => allocatedOn += bytes));
                            provider.ForceFlush();
                        }

                        exported = streams.Count;
                    }

                    roundsFaster += on[^1] > off[^1] ? 1 : 0; // the round's pair, before sorting
                }

                on.Sort();
                off.Sort();
                var ratio = on[rounds / 2] / off[rounds / 2];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {durability}: median {on[rounds / 2]:F2} M/s with metrics, {off[rounds / 2]:F2} M/s without: ratio {ratio:F3} ({(1 - ratio) * 100:F1} % slower); rounds where metrics were faster: {roundsFaster} of {rounds}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {durability}: allocated by the whole process from the first submit to the last event: {(double)allocatedOn / rounds / workload.Commands.Length:F3} bytes per command with metrics (the collector's exports included), {(double)allocatedOff / rounds / workload.Commands.Length:F3} without"));
            }

            Console.WriteLine($"  (the last run's collector exported {exported} metric streams)");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Meters as a host's factory would hand them out, without a DI container.</summary>
    private sealed class PlainMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters)
            {
                meter.Dispose();
            }
        }
    }
}
