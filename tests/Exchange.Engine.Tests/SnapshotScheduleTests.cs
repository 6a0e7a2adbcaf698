using Exchange.Journal.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Engine.Tests;

/// <summary>Snapshots come on the time interval as well as by count, and an idle exchange does not write the same one again.</summary>
public abstract class SnapshotScheduleTests(PipelineTopology topology)
{
    [Fact]
    public void The_interval_takes_a_snapshot_without_the_count_and_an_idle_engine_is_not_snapshotted_twice()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options(Durability.Async) with { SnapshotInterval = TimeSpan.FromMilliseconds(50) };
        var store = new SnapshotStore(options.SnapshotDirectory, keep: 100);
        var engine = ExchangeEngine.Start(options, NullLogger.Instance);
        try
        {
            foreach (var command in EngineFolder.SampleStream(3, 40))
            {
                Assert.True(engine.Submit(command));
            }

            var last = EngineFolder.SampleStream(3, 40).Length;
            Assert.True(SpinWait.SpinUntil(() => store.List().Count > 0 && store.List()[0].EndsWith($"{last:D20}.snapshot", StringComparison.Ordinal), TimeSpan.FromSeconds(60)),
                "no snapshot of the last command came on the interval");

            // Idle: many intervals pass, and the snapshot is not written again (a rewrite would renew the file).
            var newest = store.List()[0];
            var written = File.GetLastWriteTimeUtc(newest);
            var before = store.List().Count;
            for (var i = 0; i < 5; i++)
            {
                engine.RequestSnapshot();
            }

            Thread.Sleep(300);
            Assert.Equal(before, store.List().Count);
            Assert.Equal(written, File.GetLastWriteTimeUtc(newest));
        }
        finally
        {
            engine.Dispose();
        }
    }
}

public sealed class SnapshotScheduleTestsCompact() : SnapshotScheduleTests(PipelineTopology.Compact);

public sealed class SnapshotScheduleTestsDedicated() : SnapshotScheduleTests(PipelineTopology.Dedicated);
