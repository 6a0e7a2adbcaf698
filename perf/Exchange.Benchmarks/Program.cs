using BenchmarkDotNet.Running;
using Exchange.Benchmarks.Workloads;

// Run all benchmarks: dotnet run -c Release --project perf/Exchange.Benchmarks -- --filter '*'
// Describe the generated workloads: dotnet run -c Release --project perf/Exchange.Benchmarks -- workload-stats
// Ring hand-off throughput vs BCL queues: dotnet run -c Release --project perf/Exchange.Benchmarks -- disruptor-throughput
// Ring ping-pong latency (HdrHistogram) vs ConcurrentQueue: dotnet run -c Release --project perf/Exchange.Benchmarks -- disruptor-latency
// Durable pipeline throughput and journaling latency vs raw fdatasync: dotnet run -c Release --project perf/Exchange.Benchmarks -- engine-throughput
// The same pipeline with metrics on vs off (OpenTelemetry collecting), alternating rounds: ... -- metrics-cost [commands] [rounds]
// Journal replay rate (recovery, journal-tools replay): dotnet run -c Release --project perf/Exchange.Benchmarks -- replay-rate [commands] [--keep DIR]
if (args.Length > 0 && args[0] == "workload-stats")
{
    WorkloadStats.Print(WorkloadProfile.OneInstrument(500_000));
    WorkloadStats.Print(WorkloadProfile.ManyInstruments(500_000));
    WorkloadStats.Print(WorkloadProfile.OneInstrumentAdvanced(500_000));
    return;
}

if (args.Length > 0 && args[0] == "disruptor-throughput")
{
    var events = args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000_000;
    Exchange.Benchmarks.Disruptor.ThroughputHarness.Run(events, runs: 7);
    return;
}

if (args.Length > 0 && args[0] == "engine-throughput")
{
    var commands = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000_000;
    Exchange.Benchmarks.Engine.PipelineHarness.Run(commands);
    return;
}

if (args.Length > 0 && args[0] == "metrics-cost")
{
    var commands = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2_000_000;
    var rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;
    Exchange.Benchmarks.Engine.MetricsCostHarness.Run(commands, rounds);
    return;
}

if (args.Length > 0 && args[0] == "replay-rate")
{
    var commands = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 4_000_000;
    var keep = args.Length > 3 && args[2] == "--keep" ? args[3] : null; // keep the data folders, e.g. to replay them with journal-tools
    Exchange.Benchmarks.Engine.ReplayHarness.Run(commands, keep);
    return;
}

if (args.Length > 0 && args[0] == "disruptor-latency")
{
    Exchange.Benchmarks.Disruptor.PingPongLatency.Run(roundTrips: 1_000_000);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
