using Exchange.Engine;

namespace Exchange.LatencyHarness;

/// <summary>
/// Everything one invocation was asked to do, checked before anything starts so that a nonsense
/// parameter is refused with a sentence, not discovered halfway through a run.
/// </summary>
internal sealed record HarnessSettings
{
    public double Rate { get; init; } = 20_000;

    public double DurationSeconds { get; init; } = 10;

    public double WarmupSeconds { get; init; } = 2;

    public int Connections { get; init; } = 4;

    public string Preset { get; init; } = "single";

    public int Seed { get; init; } = 42;

    public Durability[] Durabilities { get; init; } = [Durability.Sync, Durability.Async];

    /// <summary>The pipeline topology of the exchange the harness starts (in process or behind its gateway).</summary>
    public PipelineTopology Topology { get; init; } = PipelineTopology.Auto;

    public string OutputDirectory { get; init; } = "perf-results";

    public double SweepStart { get; init; } = 10_000;

    public double SweepStep { get; init; } = 10_000;

    public double SweepMax { get; init; } = 200_000;

    public double BoundP99Micros { get; init; } = 1_000;

    public double BoundP50Micros { get; init; } = 500;

    /// <summary>What the sweep loads: the exchange over TCP, or the in-process pipeline.</summary>
    public string SweepTarget { get; init; } = "tcp";

    /// <summary>A server to measure instead of one the harness starts (tcp and sweep).</summary>
    public string? Host { get; init; }

    public int Port { get; init; } = 7001;

    /// <summary>Accounts to log in as on an external server (the harness starts its own with these ids).</summary>
    public long FirstAccount { get; init; } = 1;

    /// <summary>Secret of every account on an external server; "{account}" is replaced by the account id.</summary>
    public string Secret { get; init; } = "harness-{account}";

    public int Instrument { get; init; } = 1;

    public long MidPrice { get; init; } = 100_000;

    /// <summary>Whether --mid-price was given: otherwise, against --host, the price comes from the instrument's reference data.</summary>
    public bool MidPriceGiven { get; init; }

    /// <summary>Against --host: the admin account that opens and funds the harness's accounts (0: they exist already).</summary>
    public long AdminAccount { get; init; }

    public string AdminSecret { get; init; } = string.Empty;

    /// <summary>Whether the abuse run's attacker processes run at idle priority (else at the exchange's).</summary>
    public bool IdleAttackers { get; init; } = true;

    /// <summary>How often the abuse run measures each scenario against a baseline taken just before it.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>The history lengths the restart run builds.</summary>
    public IReadOnlyList<long> Histories { get; init; } = [100_000, 10_000_000];

    /// <summary>Replies kept per account for resend in the restart run.</summary>
    public int ResendWindow { get; init; } = 1_000;

    /// <summary>Where the restart run builds and keeps its last data folder (null: a temporary one, deleted).</summary>
    public string? KeepData { get; init; }

    /// <summary>The attacks the abuse run measures.</summary>
    public IReadOnlyList<string> Abuses { get; init; } = AbuseAttacks.Kinds;

    public int TotalMessages(double rate) => (int)Math.Ceiling(rate * (WarmupSeconds + DurationSeconds));

    public int WarmupMessages(double rate) => (int)Math.Ceiling(rate * WarmupSeconds);

    /// <summary>Every problem with these settings, in words; empty when they make sense.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!(Rate is > 0 and <= 20_000_000))
        {
            problems.Add($"--rate must be between 1 and 20,000,000 messages per second (got {Rate}).");
        }

        if (!(DurationSeconds is >= 0.1 and <= 3_600))
        {
            problems.Add($"--duration must be between 0.1 and 3,600 seconds (got {DurationSeconds}).");
        }

        if (!(WarmupSeconds is >= 0 and <= 600))
        {
            problems.Add($"--warmup must be between 0 and 600 seconds (got {WarmupSeconds}).");
        }

        if (Connections is < 1 or > 256)
        {
            problems.Add($"--connections must be between 1 and 256 (got {Connections}).");
        }

        if (Preset is not ("single" or "multi"))
        {
            problems.Add($"--preset must be 'single' or 'multi' (got '{Preset}').");
        }

        if ((double)Rate * (WarmupSeconds + DurationSeconds) > 100_000_000)
        {
            problems.Add("--rate x (--warmup + --duration) is over 100 million messages: shorten the run or lower the rate.");
        }

        if (!(SweepStart > 0 && SweepStep > 0 && SweepMax >= SweepStart))
        {
            problems.Add("The sweep needs --sweep-start > 0, --sweep-step > 0 and --sweep-max >= --sweep-start.");
        }

        if (SweepTarget is not ("tcp" or "inproc" or "echo"))
        {
            problems.Add($"--target must be 'tcp', 'inproc' or 'echo' (got '{SweepTarget}').");
        }

        if (!(BoundP99Micros > 0 && BoundP50Micros > 0))
        {
            problems.Add("--bound-p99-us and --bound-p50-us must be positive.");
        }

        if (Port is < 1 or > 65_535)
        {
            problems.Add($"--port must be between 1 and 65535 (got {Port}).");
        }

        if (FirstAccount < 1)
        {
            problems.Add("--first-account must be at least 1.");
        }

        foreach (var abuse in Abuses)
        {
            if (!AbuseAttacks.Kinds.Contains(abuse))
            {
                problems.Add($"--abuses: unknown attack '{abuse}' (known: {string.Join(", ", AbuseAttacks.Kinds)}).");
            }
        }

        if (ResendWindow < 1)
        {
            problems.Add($"--resend-window must be at least 1 (got {ResendWindow}).");
        }

        if (Rounds is < 1 or > 100)
        {
            problems.Add($"--rounds must be between 1 and 100 (got {Rounds}).");
        }

        if (Instrument < 1 || MidPrice < 100)
        {
            problems.Add("--instrument must be at least 1 and --mid-price at least 100.");
        }

        return problems;
    }
}
