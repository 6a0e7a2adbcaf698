using BenchmarkDotNet.Attributes;
using Exchange.Benchmarks.Workloads;
using Exchange.Core.Events;
using Exchange.Core.Matching;

namespace Exchange.Benchmarks.Matching;

/// <summary>
/// The exchange-core style mixed workload, replayed from the same start state every iteration.
/// Single instrument is the baseline; the many-instrument variant shows what thousands of books
/// and a skewed load cost relative to it; the advanced variant what stops (and their cascades),
/// icebergs and GTD expiry cost. Results are per command.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Matching")]
public class MixedWorkloadBenchmarks
{
    public const int CommandsPerIteration = 1_000_000;

    private readonly EventBuffer _events = new(1_024);
    private Workload _single = null!, _multi = null!, _advanced = null!;
    private MatchingEngine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        _single = Workload.Generate(WorkloadProfile.OneInstrument(CommandsPerIteration));
        _multi = Workload.Generate(WorkloadProfile.ManyInstruments(CommandsPerIteration));
        _advanced = Workload.Generate(WorkloadProfile.OneInstrumentAdvanced(CommandsPerIteration));
    }

    [IterationSetup(Target = nameof(SingleInstrumentAdvanced))]
    public void ResetAdvanced() => _engine = _advanced.NewEngine();

    [IterationSetup(Target = nameof(SingleInstrument))]
    public void ResetSingle() => _engine = _single.NewEngine();

    [IterationSetup(Target = nameof(ManyInstruments))]
    public void ResetMulti() => _engine = _multi.NewEngine();

    [Benchmark(Baseline = true, OperationsPerInvoke = CommandsPerIteration, Description = "mixed, 1 instrument, 1k accounts")]
    [InvocationCount(1)]
    public void SingleInstrument() => _single.Replay(_engine, _events);

    [Benchmark(OperationsPerInvoke = CommandsPerIteration, Description = "mixed, 5k instruments (Pareto), 100k accounts")]
    [InvocationCount(1)]
    public void ManyInstruments() => _multi.Replay(_engine, _events);

    [Benchmark(OperationsPerInvoke = CommandsPerIteration, Description = "mixed + stops, icebergs, GTD, 1 instrument")]
    [InvocationCount(1)]
    public void SingleInstrumentAdvanced() => _advanced.Replay(_engine, _events);
}
