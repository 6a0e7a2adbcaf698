using System.Diagnostics;

namespace Exchange.LatencyHarness;

/// <summary>
/// The disk's part of sync durability, measured in the same run: append 256 bytes and flush them the
/// way the journal does (fdatasync on a preallocated file), in a loop, in the folder the engine
/// journals to. A sync-mode acknowledgement cannot beat one of these.
/// </summary>
internal static class FsyncProbe
{
    public static LatencyRun Run(int count)
    {
        var directory = Path.Combine(Path.GetTempPath(), "exchange-latency-harness", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var run = new LatencyRun("fsync", "raw 256-byte append + fdatasync loop on a preallocated file on the journal's file system, as the journal flushes (not a rate: one after another)", 0);
        try
        {
            var record = new byte[256];
            using var file = new FileStream(Path.Combine(directory, "probe.bin"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
            Exchange.Journal.Writing.SegmentFile.Reserve(file, (long)count * record.Length); // preallocated, as the journal's segments are
            var watch = Stopwatch.StartNew();
            run.StartGcCount();
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                file.Write(record);
                Exchange.Journal.Writing.SegmentFile.FlushData(file); // fdatasync on Linux, as the journal
                run.Latency.RecordValue(OpenLoopClock.ToNanoseconds(Stopwatch.GetTimestamp() - start));
            }

            run.StopGcCount();
            run.Sent = run.Answered = count;
            run.AchievedRate = count / watch.Elapsed.TotalSeconds;
            return run;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
