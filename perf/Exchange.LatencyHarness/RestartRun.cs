using System.Diagnostics;
using System.Globalization;
using Exchange.Benchmarks.Workloads;
using Exchange.Core.Events;
using Exchange.Engine;
using Exchange.Engine.Recovery;
using Exchange.Gateway.MarketData;
using Exchange.Gateway.Replies;
using Exchange.Journal.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.LatencyHarness;

/// <summary>
/// Restart time against history length. For each history, a data folder is built the way a server
/// would leave it after a kill -9: the exchange-core style workload (one instrument, 1,000 accounts)
/// journaled through the engine with the server's read models (reply streams, market data), a
/// snapshot with its read models after the history, then a tail of further commands, and no
/// shutdown snapshot. Then, several times each: the start-up as the server does it now (newest
/// snapshot with its read models, then the tail) and, as the baseline in the same run, the start-up
/// it replaced (the whole journal replayed to rebuild the read models), after one warm-up of each.
/// </summary>
internal static class RestartRun
{
    private const int Tail = 50_000;
    private static readonly List<(long History, double Ms, double Megabytes)> ReadModelPauses = [];

    public static async Task<int> RunAsync(HarnessSettings settings, TextWriter output)
    {
        ReadModelPauses.Clear();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Restart: start-up time after a kill, by history length; tail after the newest snapshot {Tail:N0} commands; resend window {settings.ResendWindow:N0} per account; {settings.Rounds} rounds (median); {Environment.ProcessorCount} cores")).ConfigureAwait(false);
        await output.WriteLineAsync("| history (commands) | snapshot + read models, MB | start-up now: replayed, ms | whole-journal replay (before): replayed, ms | ratio |").ConfigureAwait(false);
        await output.WriteLineAsync("| ---: | ---: | --- | --- | ---: |").ConfigureAwait(false);
        var rows = new List<(long History, double Now)>();
        for (var h = 0; h < settings.Histories.Count; h++)
        {
            var history = settings.Histories[h];
            var keep = settings.KeepData is not null && h == settings.Histories.Count - 1;
            var directory = keep ? Path.GetFullPath(settings.KeepData!) : Path.Combine(Path.GetTempPath(), "latency-harness-restart", Guid.NewGuid().ToString("N"));
            if (keep && Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            {
                await Console.Error.WriteLineAsync($"latency-harness restart: {directory} is not empty; give --keep-data a new or empty folder").ConfigureAwait(false);
                return HarnessCommand.Usage;
            }

            try
            {
                var (options, initial, megabytes, sinksFile) = Build(directory, history, settings.ResendWindow);
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true); // the generated workload must not weigh on what follows
                MeasureReadModelPause(history, settings.ResendWindow, sinksFile);
                var now = new List<(long Replayed, double Ms)>();
                var before = new List<(long Replayed, double Ms)>();
                _ = StartNow(options, settings.ResendWindow); // warm-up, not counted: JIT and the page cache
                _ = WholeJournal(options, settings.ResendWindow, initial);
                for (var round = 0; round < settings.Rounds; round++)
                {
                    now.Add(StartNow(options, settings.ResendWindow));
                    before.Add(WholeJournal(options, settings.ResendWindow, initial));
                }

                var nowMs = Median(now.Select(r => r.Ms));
                var beforeMs = Median(before.Select(r => r.Ms));
                rows.Add((history, nowMs));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"| {history:N0} | {megabytes:F1} | {now[0].Replayed:N0}, {nowMs:N0} | {before[0].Replayed:N0}, {beforeMs:N0} | {nowMs / beforeMs:F3} |")).ConfigureAwait(false);
            }
            finally
            {
                if (!keep)
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Snapshot pause: the business logic serializes its state (MatchingEngine.SaveState), the publisher the read models (median of 3)").ConfigureAwait(false);
        foreach (var profile in new[] { WorkloadProfile.OneInstrument(), WorkloadProfile.ManyInstruments() })
        {
            var workload = Workload.Generate(profile);
            var engine = workload.NewEngine();
            workload.Replay(engine, new EventBuffer());
            var times = new List<double>();
            var size = 0;
            for (var round = 0; round < 3; round++)
            {
                var watch = Stopwatch.StartNew();
                size = engine.SaveState().Length;
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {profile.Name} ({profile.Instruments:N0} instruments, {profile.Accounts:N0} accounts, after {profile.Commands:N0} commands): business logic pause {Median(times):N1} ms for {size / 1e6:F1} MB")).ConfigureAwait(false);
        }

        foreach (var (history, ms, megabytes) in ReadModelPauses)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  read models after {history:N0} commands (single): publisher pause {ms:N1} ms for {megabytes:F1} MB")).ConfigureAwait(false);
        }

        if (rows.Count > 1)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"start-up now at {rows[^1].History:N0} vs {rows[0].History:N0} commands of history: {rows[^1].Now / rows[0].Now:F2}x")).ConfigureAwait(false);
        }

        return HarnessCommand.Ok;
    }

    /// <summary>Builds the data folder; returns its options, the sequence of the workload's initial snapshot, the newest snapshot's size with its read models, and its read-model file.</summary>
    private static (EngineOptions Options, long Initial, double Megabytes, string SinksFile) Build(string directory, long history, int window)
    {
        var workload = Workload.Generate(WorkloadProfile.OneInstrument((int)(history + Tail)));
        var options = workload.PrepareDataFolder(directory, Durability.Async) with { RebuildSinksFromJournal = true, SnapshotsToKeep = 3 };
        var initial = new SnapshotStore(options.SnapshotDirectory).LoadAllValid()[0].Header.LastSequence;
        var engine = ExchangeEngine.Start(options, NullLogger.Instance, new ReplyRouter(window), new MarketDataHub());
        try
        {
            var commands = workload.Commands;
            for (var i = 0; i < commands.Length; i++)
            {
                engine.Submit(commands[i]);
                if (i + 1 == history)
                {
                    WaitFor(() => engine.ProcessedSequence >= initial + history);
                    engine.RequestSnapshot();
                    WaitFor(() => NewestSnapshot(options) >= initial + history); // written, with its read models, before the tail
                }
            }

            WaitFor(() => engine.ProcessedSequence >= initial + commands.Length);
        }
        finally
        {
            engine.Dispose(); // no shutdown snapshot: as after a kill, the tail is only in the journal
        }

        var newest = new SnapshotStore(options.SnapshotDirectory).List()[0];
        var bytes = new FileInfo(newest).Length + new FileInfo(SinkStateFile.PathFor(newest)).Length;
        return (options, initial, bytes / 1e6, SinkStateFile.PathFor(newest));
    }

    /// <summary>What the publisher spends saving the read models: load them from the file, then time their SaveState.</summary>
    private static void MeasureReadModelPause(long history, int window, string sinksFile)
    {
        var sequence = SnapshotStore.SequenceOf(sinksFile);
        if (!SinkStateFile.TryRead(sinksFile, sequence, out var sections, out _))
        {
            return;
        }

        var router = new ReplyRouter(window);
        var hub = new MarketDataHub();
        router.LoadState(sections[router.StateName]);
        hub.LoadState(sections[hub.StateName]);
        var times = new List<double>();
        var bytes = 0;
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            bytes = router.SaveState().Length + hub.SaveState().Length;
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        ReadModelPauses.Add((history, Median(times), bytes / 1e6));
    }

    private static (long Replayed, double Ms) StartNow(EngineOptions options, int window)
    {
        var watch = Stopwatch.StartNew();
        var engine = ExchangeEngine.Start(options, NullLogger.Instance, new ReplyRouter(window), new MarketDataHub());
        var ms = watch.Elapsed.TotalMilliseconds;
        var replayed = engine.Recovery.ReplayedCommands;
        engine.Dispose();
        return (replayed, ms);
    }

    /// <summary>What start-up did before the read models were saved with snapshots: replay everything since the first snapshot into fresh read models.</summary>
    private static (long Replayed, double Ms) WholeJournal(EngineOptions options, int window, long initial)
    {
        var watch = Stopwatch.StartNew();
        var router = new ReplyRouter(window);
        var hub = new MarketDataHub();
        Event? previous = null;
        void Forward(Event e)
        {
            if (previous is { } p)
            {
                var end = p.Sequence != e.Sequence;
                router.OnEvent(p, end);
                hub.OnEvent(p, end);
            }

            previous = e;
        }

        var recovery = EngineRecovery.Recover(options, NullLogger.Instance, Forward, repairTornTail: false, snapshotAtOrBefore: initial);
        return (recovery.ReplayedCommands, watch.Elapsed.TotalMilliseconds);
    }

    private static long NewestSnapshot(EngineOptions options)
    {
        var list = new SnapshotStore(options.SnapshotDirectory).List();
        return list.Count == 0 ? 0 : SnapshotStore.SequenceOf(list[0]);
    }

    internal static void WaitFor(Func<bool> condition)
    {
        if (!SpinWait.SpinUntil(condition, TimeSpan.FromMinutes(10)))
        {
            throw new TimeoutException("the engine did not get there within 10 minutes");
        }
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
