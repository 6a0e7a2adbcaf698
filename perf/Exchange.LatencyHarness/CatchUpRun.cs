using System.Diagnostics;
using System.Globalization;
using System.Net;
using Exchange.Benchmarks.Workloads;
using Exchange.Engine;
using Exchange.Journal;
using Exchange.Replication;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.LatencyHarness;

/// <summary>
/// How long a standby that comes back far behind takes to reach its primary's chain head, sent the
/// journal in between (the baseline, measured in the same run) or the primary's newest snapshot and
/// then the journal after it. In this process, over loopback TCP: for each history length, a primary
/// journals the exchange-core style workload and takes a snapshot; then, alternating, a standby that
/// holds only the workload's start state catches up each way.
/// </summary>
internal static class CatchUpRun
{
    private const int Tail = 1_000;

    public static async Task<int> RunAsync(HarnessSettings settings, TextWriter output)
    {
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Catch-up of a standby far behind: the journal in between against the primary's snapshot and the journal after it ({Tail:N0} commands); {settings.Rounds} rounds each, alternating (median); {Environment.ProcessorCount} cores")).ConfigureAwait(false);
        await output.WriteLineAsync("| behind (commands) | journal sent, MB | journal catch-up, s | snapshot sent, MB | snapshot catch-up, s | ratio |").ConfigureAwait(false);
        await output.WriteLineAsync("| ---: | ---: | ---: | ---: | ---: | ---: |").ConfigureAwait(false);
        foreach (var history in settings.Histories)
        {
            var root = Path.Combine(Path.GetTempPath(), "latency-harness-catch-up", Guid.NewGuid().ToString("N"));
            try
            {
                await output.WriteLineAsync(Row(root, history, settings.Rounds)).ConfigureAwait(false);
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }

        return HarnessCommand.Ok;
    }

    private static string Row(string root, long history, int rounds)
    {
        var workload = Workload.Generate(WorkloadProfile.OneInstrument((int)history + Tail));
        var primaryFolder = Path.Combine(root, "primary");
        var options = workload.PrepareDataFolder(primaryFolder, Durability.Async) with { SnapshotOnShutdown = false };
        var seed = Path.Combine(root, "seed");
        PipelineUnderTest.CopyFolder(primaryFolder, seed); // the standby's start: the workload's start state, nothing of its history

        var replication = new ReplicationOptions { NodeId = 1, Listen = new IPEndPoint(IPAddress.Loopback, 0), Mode = ReplicationMode.AsyncReplicated, SnapshotCatchUpCommands = 1 };
        using var replicator = new Replicator(replication, options.JournalDirectory, NullLogger.Instance, snapshotDirectory: options.SnapshotDirectory);
        using var primary = ExchangeEngine.Start(options with { Replica = true, CommitObserver = replicator }, NullLogger.Instance);
        replicator.Activate(new PipelineUnderTest.AlwaysLeader(), primary.JournalChain.Sequence);
        primary.Promote();
        var start = primary.JournalChain.Sequence;
        for (var i = 0; i < workload.Commands.Length; i++)
        {
            primary.Submit(workload.Commands[i]);
            if (i + 1 == history)
            {
                RestartRun.WaitFor(() => primary.ProcessedSequence >= start + history);
                primary.RequestSnapshotAsync().Wait();
            }
        }

        RestartRun.WaitFor(() => primary.ProcessedSequence >= start + workload.Commands.Length && primary.JournalChain.Sequence == primary.ProcessedSequence);
        var journalBytes = 0L;
        foreach (var segment in JournalDirectory.AllSegments(options.JournalDirectory))
        {
            journalBytes += new FileInfo(segment).Length;
        }

        var snapshotBytes = 0L;
        var journalTimes = new List<double>();
        var snapshotTimes = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            journalTimes.Add(CatchUp(primary, replicator.Port, replication, seed, Path.Combine(root, $"by-journal-{round}"), bySnapshot: false, out _));
            snapshotTimes.Add(CatchUp(primary, replicator.Port, replication, seed, Path.Combine(root, $"by-snapshot-{round}"), bySnapshot: true, out snapshotBytes));
        }

        var journal = RestartRun.Median(journalTimes);
        var snapshot = RestartRun.Median(snapshotTimes);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {history + Tail:N0} | {journalBytes / 1e6:F1} | {journal:F2} | {snapshotBytes / 1e6:F1} | {snapshot:F2} | {journal / snapshot:F1}x |");
    }

    /// <summary>A standby from <paramref name="seed"/> follows until it holds the primary's chain head; seconds taken (a snapshot's install and engine restart included).</summary>
    private static double CatchUp(ExchangeEngine primary, int port, ReplicationOptions replication, string seed, string folder, bool bySnapshot, out long snapshotBytes)
    {
        snapshotBytes = 0;
        PipelineUnderTest.CopyFolder(seed, folder);
        var options = new EngineOptions { DataDirectory = folder, Replica = true, SnapshotOnShutdown = false, TimeTickInterval = TimeSpan.Zero };
        var leader = new LeaderInfo(1, 1, $"127.0.0.1:{port}", "");
        var standbyOptions = replication with { NodeId = 2 };
        var head = primary.JournalChain;
        var watch = Stopwatch.StartNew();
        var standby = ExchangeEngine.Start(options, NullLogger.Instance);
        try
        {
            if (bySnapshot)
            {
                string received;
                using (var follower = new StandbyFollower(2, standby, options.JournalDirectory, () => leader, standbyOptions, NullLogger.Instance, snapshotDirectory: options.SnapshotDirectory))
                {
                    follower.Start();
                    received = follower.SnapshotArrived.Wait(TimeSpan.FromMinutes(10)) ? follower.SnapshotArrived.Result : throw new TimeoutException("no snapshot came");
                }

                snapshotBytes = new FileInfo(received).Length + (File.Exists(Journal.Snapshots.SinkStateFile.PathFor(received)) ? new FileInfo(Journal.Snapshots.SinkStateFile.PathFor(received)).Length : 0);
                standby.Dispose();
                JournalReplacement.ReplaceWithSnapshot(options.JournalDirectory, options.SnapshotDirectory, received);
                standby = ExchangeEngine.Start(options, NullLogger.Instance);
            }

            using var tail = new StandbyFollower(2, standby, options.JournalDirectory, () => leader, standbyOptions, NullLogger.Instance);
            tail.Start();
            var caughtUp = standby;
            RestartRun.WaitFor(() => caughtUp.JournalChain == head && caughtUp.ProcessedSequence == head.Sequence);
            return watch.Elapsed.TotalSeconds;
        }
        finally
        {
            standby.Dispose();
        }
    }
}
