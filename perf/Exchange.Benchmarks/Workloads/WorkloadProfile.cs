namespace Exchange.Benchmarks.Workloads;

/// <summary>
/// Shape of a generated workload, modelled on the public exchange-core benchmark: a book filled
/// to a target depth, then a steady mix dominated by replaces ("moves").
/// </summary>
public sealed record WorkloadProfile(
    string Name,
    int Instruments,
    int Accounts,
    int OrdersPerInstrument,
    int LevelsPerSide,
    int Commands,
    double ParetoShape,
    int Seed = 42,
    bool AdvancedOrders = false)
{
    /// <summary>
    /// <see cref="OneInstrument"/> with the advanced order types mixed in: about 3 % of commands are
    /// stops and stop-limits (GTD, so the armed population stays bounded), a fifth of new orders
    /// are icebergs and a tenth GTD.
    /// </summary>
    public static WorkloadProfile OneInstrumentAdvanced(int commands = 1_000_000) =>
        new("single-advanced", 1, 1_000, 1_000, 375, commands, 0, AdvancedOrders: true);

    /// <summary>One instrument, ~1,000 accounts, ~1,000 resting orders over ~750 levels.</summary>
    public static WorkloadProfile OneInstrument(int commands = 1_000_000) => new("single", 1, 1_000, 1_000, 375, commands, 0);

    /// <summary>Thousands of instruments, Pareto-skewed load, many accounts.</summary>
    public static WorkloadProfile ManyInstruments(int commands = 1_000_000) => new("multi", 5_000, 100_000, 40, 30, commands, 1.16);
}
