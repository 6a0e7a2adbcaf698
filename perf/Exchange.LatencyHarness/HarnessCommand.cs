using System.CommandLine;
using System.Globalization;
using System.Net.Sockets;
using Exchange.Benchmarks.Workloads;
using Exchange.Client;

namespace Exchange.LatencyHarness;

/// <summary>
/// The command tree of the latency harness: one mode per question a performance engineer asks, each
/// printing its baseline from the same invocation. Exit codes: 0 ok, 1 usage, 2 could not connect or
/// log in, 3 some messages were never answered.
/// </summary>
internal static class HarnessCommand
{
    public const int Ok = 0;
    public const int Usage = 1;
    public const int ConnectionFailed = 2;
    public const int Unanswered = 3;

    /// <summary>A sweep in which not even the first rate stayed within the bounds.</summary>
    public const int NothingSustained = 5;

    /// <summary>fsyncs in the disk probe that sync-durability runs are shown beside.</summary>
    private const int FsyncProbeCount = 1_000;

    public static RootCommand Build(TextWriter output, TextWriter error, bool interactive)
    {
        var root = new RootCommand("latency-harness: open-loop latency and throughput of the exchange, each next to a baseline measured in the same run.\n" +
            "Exit codes: 0 ok, 1 usage, 2 could not connect or log in (compare: no summary), 3 messages left unanswered (compare: slower than the threshold), 5 sweep: no rate sustained.");
        var display = new ProgressDisplay(output, interactive);
        root.Subcommands.Add(Mode("echo", "The baseline alone: a raw TCP echo server with the exchange's framing and message sizes, through the real client.", output, error, (s, o) => EchoAsync(s, o, display)));
        root.Subcommands.Add(Mode("tcp", "The exchange over loopback through the real client (a server this process starts, or --host), after the echo baseline; ratios to it.", output, error, (s, o) => TcpAsync(s, o, display)));
        root.Subcommands.Add(Mode("sdk", "The client SDK against a hand-written raw socket client, both against the echo server in the same run: send → reply latency, ratios, and bytes allocated per message.", output, error,
            (s, o) => SdkAsync(s, o, display)));
        root.Subcommands.Add(Mode("inproc", "The engine in this process: bare matching rate, durable pipeline rate (sync/async), open-loop latency publish → event.", output, error, (s, o) => InprocAsync(s, o, display)));
        root.Subcommands.Add(Mode("abuse", "An honest trading session's round trips alone and beside a login flood, idle sockets, junk senders that never read, a throttle flood, a targeted lockout and idle sockets from 250 addresses; ratios to alone and peak memory (--duration per scenario).", output, error,
            (s, o) => AbuseRun.RunAsync(s, o)));
        root.Subcommands.Add(Mode("tls", "The SDK's round trip over plain TCP (the baseline) and over TLS to two exchanges in this process, alternating --rounds of --duration each; login time too.", output, error,
            (s, o) => TlsRun.RunAsync(s, o)));
        root.Subcommands.Add(AttackCommand(output));
        root.Subcommands.Add(CompareCommand.Create(output, error));
        root.Subcommands.Add(Mode("restart", "Start-up time after a kill against history length (--histories): newest snapshot with the read models plus the journal's tail, next to the whole-journal replay it replaced; --rounds, --resend-window.", output, error,
            (s, o) => RestartRun.RunAsync(s, o)));
        root.Subcommands.Add(Mode("catch-up", "How long a standby far behind takes to reach its primary's chain head: sent the journal in between (the baseline) against sent the newest snapshot and the journal after it, in this process over loopback TCP; behind by each of --histories, --rounds each.", output, error,
            (s, o) => CatchUpRun.RunAsync(s, o)));
        root.Subcommands.Add(Mode("events", "The events relay with a nats-server it starts: catch-up over a journal of --histories[0] commands (next to deriving the same events alone, with and without JSON), then at --rate the engine's latency alone and with the relay beside it, and the relay's lag; --rounds each.", output, error,
            (s, o) => EventsRun.RunAsync(s, o, display)));
        root.Subcommands.Add(Mode("replication", "Local sync against sync-replicated to one standby (in this process, over loopback TCP): throughput as fast as submitted (3 alternating rounds), open-loop latency at --rate, and a loopback round trip as the baseline, in one run.", output, error, (s, o) => ReplicationAsync(s, o, display)));
        root.Subcommands.Add(Mode("sweep", "Steps the rate up (over TCP, or --target inproc) until p50 or p99 passes its bound; reports every step and the highest rate sustained.", output, error, (s, o) => SweepAsync(s, o, display)));
        return root;
    }

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive) =>
        Build(output, error, interactive).Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

    private static Command Mode(string name, string description, TextWriter output, TextWriter error, Func<HarnessSettings, TextWriter, Task<int>> run)
    {
        var options = new HarnessOptions();
        var command = new Command(name, description);
        options.AddTo(command);
        command.SetAction(async (result, _) =>
        {
            var settings = options.Read(result, out var problem);
            var problems = settings.Problems().ToList();
            if (problem is not null)
            {
                problems.Insert(0, problem);
            }

            if (problems.Count > 0)
            {
                foreach (var p in problems)
                {
                    await error.WriteLineAsync($"latency-harness {name}: {p}").ConfigureAwait(false);
                }

                return Usage;
            }

            try
            {
                return await run(settings, output).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or IOException or LoginRejectedException)
            {
                await error.WriteLineAsync($"latency-harness {name}: could not connect or log in: {ex.Message}").ConfigureAwait(false);
                return ConnectionFailed;
            }
        });
        return command;
    }

    /// <summary>The abuse run's child process: one attack against --port until standard input closes (not for people).</summary>
    private static Command AttackCommand(TextWriter output)
    {
        var options = new HarnessOptions();
        var kind = new Argument<string>("kind") { Description = string.Join(", ", AbuseAttacks.Kinds) };
        var command = new Command("attack", "One attack of the abuse run, until standard input closes.") { Hidden = true };
        command.Arguments.Add(kind);
        options.AddTo(command);
        command.SetAction((result, _) =>
        {
            var s = options.Read(result, out string? _);
            return AttackerProcess.RunChildAsync(result.GetValue(kind)!, new AbuseAttacks.Target(s.Port, s.FirstAccount, s.Secret, s.Instrument, s.MidPrice), output);
        });
        return command;
    }

    private static async Task<LatencyRun> EchoRunAsync(HarnessSettings settings, double rate, ProgressDisplay display)
    {
        await using var echo = new EchoServer();
        echo.Start();
        var progress = new RunProgress("echo", settings.TotalMessages(rate));
        return await display.ShowAsync(progress, () => TcpLoad.RunAsync("echo", "raw TCP echo server, same framing and sizes, real client: send → reply", "127.0.0.1", echo.Port, settings, rate, progress)).ConfigureAwait(false);
    }

    private static async Task<LatencyRun> ExchangeRunAsync(HarnessSettings settings, double rate, Engine.Durability durability, ProgressDisplay display)
    {
        var name = settings.Host is null ? "tcp-" + durability.ToString().ToLowerInvariant() : "tcp-" + settings.Host;
        var progress = new RunProgress(name, settings.TotalMessages(rate));
        var description = "exchange over loopback, real client: send → OrderAccepted (-fill: send → taker fill)";
        if (settings.Host is not null)
        {
            return await display.ShowAsync(progress, () => TcpLoad.RunAsync(name, description, settings.Host, settings.Port, settings, rate, progress)).ConfigureAwait(false);
        }

        var trace = new Engine.StageTrace((int)Math.Min(1 << 24, settings.TotalMessages(rate) + (4L * settings.Connections) + 64));
        await using var exchange = ExchangeUnderTest.Start(settings, durability, trace: trace);
        var run = await display.ShowAsync(progress, () => TcpLoad.RunAsync(name, $"{description}, {durability} durability, {exchange.Engine.Topology} topology", "127.0.0.1", exchange.Gateway.Port, settings, rate, progress)).ConfigureAwait(false);
        if (run.OrderTimes is var (planned, answered, firstMeasured))
        {
            run.Stages = StageBreakdown.From(trace, planned, answered, firstMeasured);
        }

        return run;
    }

    private static async Task<int> EchoAsync(HarnessSettings settings, TextWriter output, ProgressDisplay display)
    {
        var echo = await EchoRunAsync(settings, settings.Rate, display).ConfigureAwait(false);
        return Finish(output, settings, "echo baseline", [echo], echo, new Dictionary<string, double>());
    }

    private static async Task<int> SdkAsync(HarnessSettings settings, TextWriter output, ProgressDisplay display)
    {
        await using var echo = new EchoServer();
        echo.Start();
        var rawProgress = new RunProgress("raw-socket", settings.TotalMessages(settings.Rate));
        var raw = await display.ShowAsync(rawProgress, () => Task.Run(() => RawSocketLoad.Run("raw-socket",
            "hand-written client (blocking sockets, a receive thread per connection, frames parsed in place) → echo", echo.Port, settings, settings.Rate, rawProgress))).ConfigureAwait(false);
        var sdkProgress = new RunProgress("sdk", settings.TotalMessages(settings.Rate));
        var sdk = await display.ShowAsync(sdkProgress, () => TcpLoad.RunAsync("sdk", "ExchangeClient (SendAsync, Messages) → echo", "127.0.0.1", echo.Port, settings, settings.Rate, sdkProgress)).ConfigureAwait(false);
        return Finish(output, settings, string.Create(CultureInfo.InvariantCulture, $"client SDK vs a raw socket client at {settings.Rate:N0} msg/s, {settings.Connections} connections"), [raw, sdk], raw,
            new Dictionary<string, double>());
    }

    private static async Task<int> TcpAsync(HarnessSettings settings, TextWriter output, ProgressDisplay display)
    {
        if (settings.Host is not null)
        {
            settings = await ExternalServer.PrepareAsync(settings, output).ConfigureAwait(false);
        }

        var runs = new List<LatencyRun> { await EchoRunAsync(settings, settings.Rate, display).ConfigureAwait(false) };
        if (settings.Host is null && settings.Durabilities.Contains(Engine.Durability.Sync))
        {
            runs.Add(FsyncProbe.Run(FsyncProbeCount));
        }

        foreach (var durability in settings.Host is null ? settings.Durabilities : settings.Durabilities[..1])
        {
            runs.Add(await ExchangeRunAsync(settings, settings.Rate, durability, display).ConfigureAwait(false));
        }

        return Finish(output, settings, string.Create(CultureInfo.InvariantCulture, $"exchange over TCP vs echo at {settings.Rate:N0} msg/s, {settings.Connections} connections"), runs, runs[0], new Dictionary<string, double>());
    }

    private static async Task<int> InprocAsync(HarnessSettings settings, TextWriter output, ProgressDisplay display)
    {
        var workload = GenerateWorkload(settings, Math.Max(settings.TotalMessages(settings.Rate), 100_000), output);

        var throughput = new Dictionary<string, double> { ["matching"] = InprocLoad.MatchingRate(workload, out var rounds) };
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"matching alone (business logic, no pipeline): {throughput["matching"] / 1e6:F2} M commands/s, the median of {rounds[0] / 1e6:F2}, {rounds[1] / 1e6:F2}, {rounds[2] / 1e6:F2} after a warm-up round"));
        foreach (var durability in settings.Durabilities)
        {
            var rate = InprocLoad.PipelineRate(workload, durability, settings.Topology);
            throughput["pipeline-" + durability.ToString().ToLowerInvariant()] = rate;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"durable pipeline, {durability} (journal → logic → publisher, as fast as submitted): {rate / 1e6:F2} M commands/s = {rate / throughput["matching"]:P0} of matching alone"));
        }

        var runs = new List<LatencyRun>();
        if (settings.Durabilities.Contains(Engine.Durability.Sync))
        {
            runs.Add(FsyncProbe.Run(FsyncProbeCount));
        }

        foreach (var durability in settings.Durabilities)
        {
            var name = "inproc-" + durability.ToString().ToLowerInvariant();
            var progress = new RunProgress(name, Math.Min(settings.TotalMessages(settings.Rate), workload.Commands.Length));
            runs.Add(await display.ShowAsync(progress, () => Task.Run(() => InprocLoad.Latency(name, workload, durability, settings, settings.Rate, progress))).ConfigureAwait(false));
        }

        return Finish(output, settings, string.Create(CultureInfo.InvariantCulture, $"in-process pipeline at {settings.Rate:N0} commands/s ('{workload.Profile.Name}' workload)"), runs, null, throughput);
    }

    /// <summary>What sync replication costs: its throughput against local sync's, and its added p50 against one loopback round trip.</summary>
    private static async Task<int> ReplicationAsync(HarnessSettings settings, TextWriter output, ProgressDisplay display)
    {
        var workload = GenerateWorkload(settings, Math.Max(settings.TotalMessages(settings.Rate), 100_000), output);
        var local = new double[3];
        var replicated = new double[3];
        for (var round = 0; round < local.Length; round++)
        {
            local[round] = InprocLoad.PipelineRate(workload, Engine.Durability.Sync, settings.Topology);
            replicated[round] = InprocLoad.PipelineRate(workload, Engine.Durability.Sync, settings.Topology, replicated: true);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round + 1}: local sync {local[round] / 1e6:F3} M commands/s, sync-replicated {replicated[round] / 1e6:F3} M commands/s"));
        }

        Array.Sort(local);
        Array.Sort(replicated);
        var throughput = new Dictionary<string, double> { ["pipeline-sync"] = local[1], ["pipeline-sync-replicated"] = replicated[1] };
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput, medians: sync-replicated {replicated[1] / 1e6:F3} M/s = {replicated[1] / local[1]:P0} of local sync {local[1] / 1e6:F3} M/s (goal ≥ 80 %)"));

        var runs = new List<LatencyRun> { LoopbackRoundTrip.Run(20_000) };
        foreach (var (name, replicate) in new[] { ("inproc-sync", false), ("inproc-sync-replicated", true) })
        {
            var progress = new RunProgress(name, Math.Min(settings.TotalMessages(settings.Rate), workload.Commands.Length));
            runs.Add(await display.ShowAsync(progress, () => Task.Run(() => InprocLoad.Latency(name, workload, Engine.Durability.Sync, settings, settings.Rate, progress, replicate))).ConfigureAwait(false));
        }

        var rtt = Report.Micros(runs[0].Latency, 50);
        var added = Report.Micros(runs[2].Latency, 50) - Report.Micros(runs[1].Latency, 50);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency at {settings.Rate:N0}/s: sync-replicated adds {added:F1} µs to the p50 of local sync; one loopback round trip is {rtt:F1} µs (p50): {added / rtt:F2}× (goal ≤ 1)"));
        return Finish(output, settings, string.Create(CultureInfo.InvariantCulture, $"sync against sync-replicated at {settings.Rate:N0} commands/s ('{workload.Profile.Name}' workload)"), runs, null, throughput);
    }

    private static async Task<int> SweepAsync(HarnessSettings settings, TextWriter output, ProgressDisplay display)
    {
        var inproc = settings.SweepTarget == "inproc";
        var echo = settings.SweepTarget == "echo";
        if (settings.Host is not null && !inproc && !echo)
        {
            settings = await ExternalServer.PrepareAsync(settings, output).ConfigureAwait(false);
        }

        var durability = settings.Durabilities[0];
        var runs = new List<LatencyRun>();
        LatencyRun? baseline = null;
        Workload? workload = null;
        if (inproc)
        {
            // One workload long enough for the fastest step; every step starts a fresh engine from its start state.
            workload = GenerateWorkload(settings, Math.Min(settings.TotalMessages(settings.SweepMax), 20_000_000), output);
            if (durability == Engine.Durability.Sync)
            {
                runs.Add(FsyncProbe.Run(FsyncProbeCount));
            }
        }
        else if (!echo)
        {
            baseline = await EchoRunAsync(settings, settings.SweepStart, display).ConfigureAwait(false);
            runs.Add(baseline);
            var echoP50 = Report.Micros(baseline.Latency, 50);
            var echoP99 = Report.Micros(baseline.Latency, 99);
            if (echoP50 > settings.BoundP50Micros || echoP99 > settings.BoundP99Micros)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"warning: the echo baseline itself is over the bounds (p50 {echoP50:F1} µs, p99 {echoP99:F1} µs): this machine is too noisy right now to judge the exchange against them"));
            }
        }

        var sustained = 0.0;
        for (var rate = settings.SweepStart; rate <= settings.SweepMax; rate += settings.SweepStep)
        {
            LatencyRun run;
            if (workload is not null)
            {
                var name = "inproc-" + durability.ToString().ToLowerInvariant();
                var progress = new RunProgress(name, Math.Min(settings.TotalMessages(rate), workload.Commands.Length));
                var stepRate = rate;
                run = await display.ShowAsync(progress, () => Task.Run(() => InprocLoad.Latency(name, workload, durability, settings, stepRate, progress))).ConfigureAwait(false);
            }
            else if (echo)
            {
                run = await EchoRunAsync(settings, rate, display).ConfigureAwait(false); // the baseline's own ceiling, for "half of what the echo sustains"
            }
            else
            {
                run = await ExchangeRunAsync(settings, rate, durability, display).ConfigureAwait(false);
            }

            run.Name = string.Create(CultureInfo.InvariantCulture, $"{run.Name}@{rate:0}");
            run.FillLatency = null; // one distribution per step keeps the sweep's plot readable
            runs.Add(run);
            var p50 = Report.Micros(run.Latency, 50);
            var p99 = Report.Micros(run.Latency, 99);
            var kept = run.Answered == run.Sent && run.AchievedRate >= 0.95 * rate && p50 <= settings.BoundP50Micros && p99 <= settings.BoundP99Micros;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"step {rate,10:N0}/s: achieved {run.AchievedRate:N0}/s, answered {run.Answered:N0}/{run.Sent:N0}, p50 {p50:F1} µs, p99 {p99:F1} µs → {(kept ? "within bounds" : "over a bound: stop")}"));
            if (!kept)
            {
                break;
            }

            sustained = rate;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"highest rate sustained with p50 ≤ {settings.BoundP50Micros:N0} µs and p99 ≤ {settings.BoundP99Micros:N0} µs: {(sustained > 0 ? sustained.ToString("N0", CultureInfo.InvariantCulture) + " msg/s" : "none of the rates tried")}"));
        var target = inproc ? "in-process pipeline" : echo ? $"the echo baseline, {settings.Connections} connections" : $"TCP, {settings.Connections} connections";
        var code = Finish(output, settings, $"sweep ({target}, {durability} durability)", runs, baseline, new Dictionary<string, double> { ["sustained"] = sustained });
        if (sustained == 0)
        {
            return NothingSustained; // not even the first rate held: a script must not read this as a result
        }

        return code == Unanswered ? Ok : code; // a step past saturation leaves answers behind by design
    }

    private static Workload GenerateWorkload(HarnessSettings settings, int commands, TextWriter output)
    {
        var profile = settings.Preset == "multi" ? WorkloadProfile.ManyInstruments(commands) : WorkloadProfile.OneInstrument(commands);
        profile = profile with { Seed = settings.Seed };
        output.WriteLine($"generating the '{profile.Name}' workload: {commands:N0} commands, {profile.Instruments:N0} instruments, {profile.Accounts:N0} accounts (seed {profile.Seed})");
        return Workload.Generate(profile);
    }

    private static int Finish(TextWriter output, HarnessSettings settings, string title, IReadOnlyList<LatencyRun> runs, LatencyRun? baseline, IReadOnlyDictionary<string, double> throughput)
    {
        output.WriteLine();
        Report.PrintTable(output, runs, baseline);
        foreach (var path in Report.WriteFiles(settings.OutputDirectory, title, runs, baseline, throughput))
        {
            output.WriteLine($"wrote {path}");
        }

        var unanswered = runs.Where(r => r.Answered < r.Sent).ToList();
        foreach (var run in unanswered)
        {
            output.WriteLine($"{run.Name}: {run.Sent - run.Answered:N0} of {run.Sent:N0} messages were not answered within the patience");
        }

        return unanswered.Count == 0 ? Ok : Unanswered;
    }
}
