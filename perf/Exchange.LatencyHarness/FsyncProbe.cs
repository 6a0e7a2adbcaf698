using System.Diagnostics;

namespace Exchange.LatencyHarness;

/// <summary>
/// The disk's part of sync durability, measured in the same run: append 256 bytes and fsync, in a
/// loop, in the folder the engine journals to. A sync-mode acknowledgement cannot beat one of these.
/// </summary>
internal static class FsyncProbe
{
    public static LatencyRun Run(int count)
    {
        var directory = Path.Combine(Path.GetTempPath(), "exchange-latency-harness", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var run = new LatencyRun("fsync", "raw 256-byte append + fsync loop on the journal's file system (not a rate: one after another)", 0);
        try
        {
            var record = new byte[256];
            using var file = new FileStream(Path.Combine(directory, "probe.bin"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
            var watch = Stopwatch.StartNew();
            run.StartGcCount();
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                file.Write(record);
                file.Flush(flushToDisk: true);
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
