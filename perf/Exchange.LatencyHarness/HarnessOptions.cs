using System.CommandLine;
using Exchange.Engine;

namespace Exchange.LatencyHarness;

/// <summary>The options every mode takes, made fresh per command (a System.CommandLine symbol has one parent).</summary>
internal sealed class HarnessOptions
{
    private static readonly HarnessSettings Defaults = new();

    public Option<double> Rate { get; } = new("--rate") { Description = "Messages per second, in total across connections (open loop).", DefaultValueFactory = _ => Defaults.Rate };

    public Option<double> Duration { get; } = new("--duration") { Description = "Seconds measured (after the warm-up).", DefaultValueFactory = _ => Defaults.DurationSeconds };

    public Option<double> Warmup { get; } = new("--warmup") { Description = "Seconds sent before measuring.", DefaultValueFactory = _ => Defaults.WarmupSeconds };

    public Option<int> Connections { get; } = new("--connections") { Description = "Client connections (tcp, echo, sweep).", DefaultValueFactory = _ => Defaults.Connections };

    public Option<string> Preset { get; } = new("--preset") { Description = "Workload for inproc: 'single' (1 instrument, ~1,000 accounts) or 'multi' (thousands of instruments, ~100k accounts).", DefaultValueFactory = _ => Defaults.Preset };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the generated orders: the same seed gives the same run.", DefaultValueFactory = _ => Defaults.Seed };

    public Option<string> Durability { get; } = new("--durability") { Description = "sync, async or both (the exchange's journal).", DefaultValueFactory = _ => "both" };

    public Option<string> Topology { get; } = new("--topology") { Description = "The pipeline of the exchange the harness starts: auto (by core count), compact or dedicated.", DefaultValueFactory = _ => "auto" };

    public Option<string> Output { get; } = new("--out") { Description = "Folder for .hgrm files, summary.json and latency.png.", DefaultValueFactory = _ => Defaults.OutputDirectory };

    public Option<string?> Host { get; } = new("--host") { Description = "Measure a running server instead of starting one (tcp, sweep)." };

    public Option<int> Port { get; } = new("--port") { Description = "Port of the server given by --host.", DefaultValueFactory = _ => Defaults.Port };

    public Option<long> FirstAccount { get; } = new("--first-account") { Description = "Connections log in as this account and the next ones.", DefaultValueFactory = _ => Defaults.FirstAccount };

    public Option<string> Secret { get; } = new("--secret") { Description = "Secret of those accounts; {account} is replaced by the account id.", DefaultValueFactory = _ => Defaults.Secret };

    public Option<int> Instrument { get; } = new("--instrument") { Description = "Instrument the orders go to.", DefaultValueFactory = _ => Defaults.Instrument };

    public Option<long> MidPrice { get; } = new("--mid-price") { Description = "Orders are priced a few ticks around this.", DefaultValueFactory = _ => Defaults.MidPrice };

    public Option<long> AdminAccount { get; } = new("--admin-account")
    {
        Description = "With --host: an admin account that opens the harness's accounts (with their secrets) and funds them; 0: the accounts exist already.",
        DefaultValueFactory = _ => 9000,
    };

    public Option<string> AdminSecret { get; } = new("--admin-secret") { Description = "Secret of --admin-account (the demo server's by default).", DefaultValueFactory = _ => "admin-secret" };

    public Option<double> SweepStart { get; } = new("--sweep-start") { Description = "First rate of the sweep.", DefaultValueFactory = _ => Defaults.SweepStart };

    public Option<double> SweepStep { get; } = new("--sweep-step") { Description = "Rate added at each step of the sweep.", DefaultValueFactory = _ => Defaults.SweepStep };

    public Option<double> SweepMax { get; } = new("--sweep-max") { Description = "Highest rate the sweep tries.", DefaultValueFactory = _ => Defaults.SweepMax };

    public Option<string> SweepTarget { get; } = new("--target") { Description = "What the sweep loads: 'tcp' (the exchange over loopback), 'inproc' (the pipeline in this process) or 'echo' (the raw echo baseline alone, for its own highest rate).", DefaultValueFactory = _ => Defaults.SweepTarget };

    public Option<double> BoundP99 { get; } = new("--bound-p99-us") { Description = "The sweep stops when p99 passes this (µs).", DefaultValueFactory = _ => Defaults.BoundP99Micros };

    public Option<double> BoundP50 { get; } = new("--bound-p50-us") { Description = "The sweep stops when p50 passes this (µs).", DefaultValueFactory = _ => Defaults.BoundP50Micros };

    public Option<string> Attackers { get; } = new("--attackers") { Description = "Priority of the abuse run's attacker processes: 'idle' (nice 19: they get only the CPU the exchange leaves, as attackers on other machines would) or 'normal' (they compete for the same cores).", DefaultValueFactory = _ => "idle" };

    public Option<int> Rounds { get; } = new("--rounds") { Description = "Abuse: times each scenario is measured, each right after its own 'alone' baseline; the median ratio is reported.", DefaultValueFactory = _ => Defaults.Rounds };

    public Option<string> Abuses { get; } = new("--abuses") { Description = "Abuse: which attacks to run, comma-separated (login-flood, idle-sockets, junk-senders, throttle-flood, targeted-lockout, spread-sockets).", DefaultValueFactory = _ => string.Join(',', Defaults.Abuses) };

    public Option<string> Histories { get; } = new("--histories") { Description = "Restart: history lengths in commands, comma-separated.", DefaultValueFactory = _ => "100000,10000000" };

    public Option<int> ResendWindow { get; } = new("--resend-window") { Description = "Restart: replies kept per account for resend (the server's ResendWindow).", DefaultValueFactory = _ => Defaults.ResendWindow };

    public Option<string?> KeepData { get; } = new("--keep-data") { Description = "Restart: build the (last) history's data folder here and keep it, e.g. to start the server on it." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Rate, Duration, Warmup, Connections, Preset, Seed, Durability, Topology, Output, Host, Port, FirstAccount, Secret, Instrument, MidPrice, AdminAccount, AdminSecret, SweepStart, SweepStep, SweepMax, SweepTarget, BoundP99, BoundP50, Attackers, Rounds, Abuses, Histories, ResendWindow, KeepData })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings parsed, or a problem with the durability word.</summary>
    public HarnessSettings Read(ParseResult result, out string? problem)
    {
        problem = null;
        var durability = result.GetValue(Durability)!.ToLowerInvariant();
        Engine.Durability[] durabilities = durability switch
        {
            "sync" => [Engine.Durability.Sync],
            "async" => [Engine.Durability.Async],
            "both" => [Engine.Durability.Sync, Engine.Durability.Async],
            _ => [],
        };
        if (durabilities.Length == 0)
        {
            problem = $"--durability must be sync, async or both (got '{durability}').";
        }

        var topologyWord = result.GetValue(Topology)!;
        if (!Enum.TryParse<PipelineTopology>(topologyWord, ignoreCase: true, out var topology) || !Enum.IsDefined(topology) || char.IsDigit(topologyWord[0]))
        {
            problem ??= $"--topology must be auto, compact or dedicated (got '{topologyWord}').";
        }

        var attackers = result.GetValue(Attackers)!.ToLowerInvariant();
        if (attackers is not ("idle" or "normal"))
        {
            problem ??= $"--attackers must be idle or normal (got '{attackers}').";
        }

        return new HarnessSettings
        {
            IdleAttackers = attackers != "normal",
            Rounds = result.GetValue(Rounds),
            Histories = ParseHistories(result.GetValue(Histories)!, ref problem),
            ResendWindow = result.GetValue(ResendWindow),
            KeepData = result.GetValue(KeepData),
            Abuses = result.GetValue(Abuses)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Rate = result.GetValue(Rate),
            DurationSeconds = result.GetValue(Duration),
            WarmupSeconds = result.GetValue(Warmup),
            Connections = result.GetValue(Connections),
            Preset = result.GetValue(Preset)!,
            Seed = result.GetValue(Seed),
            Durabilities = durabilities,
            Topology = topology,
            OutputDirectory = result.GetValue(Output)!,
            Host = result.GetValue(Host),
            Port = result.GetValue(Port),
            FirstAccount = result.GetValue(FirstAccount),
            Secret = result.GetValue(Secret)!,
            Instrument = result.GetValue(Instrument),
            MidPrice = result.GetValue(MidPrice),
            MidPriceGiven = result.GetResult(MidPrice) is { Implicit: false },
            AdminAccount = result.GetValue(AdminAccount),
            AdminSecret = result.GetValue(AdminSecret)!,
            SweepStart = result.GetValue(SweepStart),
            SweepStep = result.GetValue(SweepStep),
            SweepMax = result.GetValue(SweepMax),
            SweepTarget = result.GetValue(SweepTarget)!,
            BoundP99Micros = result.GetValue(BoundP99),
            BoundP50Micros = result.GetValue(BoundP50),
        };
    }

    private static long[] ParseHistories(string text, ref string? problem)
    {
        var values = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 1_000 || value > 100_000_000)
            {
                problem ??= $"--histories: '{part}' is not a number of commands between 1,000 and 100,000,000.";
                continue;
            }

            values.Add(value);
        }

        return [.. values];
    }
}
