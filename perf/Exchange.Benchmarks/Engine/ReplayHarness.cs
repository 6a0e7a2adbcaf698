using Exchange.Journal.Format;
using System.Diagnostics;
using System.Globalization;
using Exchange.Benchmarks.Workloads;
using Exchange.Core.Matching;
using Exchange.Engine;
using Exchange.Engine.Recovery;
using Exchange.Journal.Snapshots;
using Exchange.Journal.Writing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Benchmarks.Engine;

/// <summary>
/// How fast a journal replays (what journal-tools replay and startup recovery do): read, CRC,
/// decompress, decode and apply, for a plain and an LZ4 journal of the mixed workload, with the
/// process's peak working set to show memory stays bounded. Run: <c>-- replay-rate [commands]</c>.
/// </summary>
internal static class ReplayHarness
{
    /// <param name="commands">Commands in the journal.</param>
    /// <param name="keep">Keep the data folders here (plain/ and lz4/) instead of deleting them.</param>
    public static void Run(int commands, string? keep = null)
    {
        var root = keep ?? Path.Combine(Path.GetTempPath(), "exchange-replay-bench", Guid.NewGuid().ToString("N"));
        try
        {
            var workload = Workload.Generate(WorkloadProfile.OneInstrument(commands));
            Console.WriteLine($"Replay rate, {commands:N0} commands of the single-instrument mix, {Environment.ProcessorCount} cores");
            foreach (var lz4 in new[] { false, true })
            {
                var directory = Path.Combine(root, lz4 ? "lz4" : "plain");
                var bytes = WriteJournal(directory, workload, lz4);
                foreach (var verify in new[] { true, false, true, false })
                {
                    Replay(directory, workload, lz4, bytes, verify);
                }
            }
        }
        finally
        {
            if (keep is null && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>One recovery of the folder; <paramref name="verifyChain"/> false shows what recomputing the hash chain costs, in the same run.</summary>
    private static void Replay(string directory, Workload workload, bool lz4, long bytes, bool verifyChain)
    {
        var options = new EngineOptions { DataDirectory = directory, Matching = workload.EngineOptions, VerifyJournalChain = verifyChain };
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var result = EngineRecovery.Recover(options, NullLogger.Instance, repairTornTail: false);
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {(lz4 ? "LZ4  " : "plain")} journal {bytes / 1e6:F1} MB, chain {(verifyChain ? "verified" : "not verified")}: replayed {result.ReplayedCommands:N0} in {watch.Elapsed.TotalSeconds:F2} s = {result.ReplayedCommands / watch.Elapsed.TotalSeconds / 1e6:F2} M commands/s; allocated during replay {allocated / 1e6:F1} MB ({(double)allocated / result.ReplayedCommands:F1} B/command), process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} MB (mostly the generated workload held in memory)"));
    }

    private static long WriteJournal(string directory, Workload workload, bool lz4)
    {
        var start = MatchingEngine.LoadState(workload.InitialState);
        new SnapshotStore(Path.Combine(directory, "snapshots")).Write(start.LastSequence, start.LastTimestamp, start.StateHash(), new ChainPoint(start.LastSequence, ChainValue.Zero), workload.InitialState);
        var journal = Path.Combine(directory, "journal");
        JournalWriter.StartAfterSnapshot(journal, new ChainPoint(start.LastSequence, ChainValue.Zero), start.LastTimestamp);
        using (var writer = new JournalWriter(journal, new JournalWriterOptions { Lz4Blocks = lz4, SyncOnCommit = false }))
        {
            var sequence = start.LastSequence;
            var commands = workload.Commands;
            for (var i = 0; i < commands.Length; i++)
            {
                var c = commands[i];
                c.Sequence = ++sequence;
                c.Timestamp = start.LastTimestamp + i;
                writer.Append(c);
                if (i % 4_096 == 4_095)
                {
                    writer.Commit();
                }
            }
        }

        return Directory.GetFiles(journal).Sum(f => new FileInfo(f).Length);
    }
}
