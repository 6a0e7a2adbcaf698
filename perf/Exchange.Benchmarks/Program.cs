using BenchmarkDotNet.Running;
using Exchange.Benchmarks.Workloads;

// Run all benchmarks: dotnet run -c Release --project perf/Exchange.Benchmarks -- --filter '*'
// Describe the generated workloads: dotnet run -c Release --project perf/Exchange.Benchmarks -- workload-stats
if (args.Length > 0 && args[0] == "workload-stats")
{
    WorkloadStats.Print(WorkloadProfile.OneInstrument(500_000));
    WorkloadStats.Print(WorkloadProfile.ManyInstruments(500_000));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
