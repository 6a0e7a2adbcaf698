using Exchange.Engine;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Replication.Tests;

/// <summary>A standby that starts a new follower (after cutting its journal to rejoin) keeps one set of standby instruments, reading the new follower.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task A_second_follower_on_the_same_meter_takes_the_standby_instruments_over()
    {
        using var pair = new ReplicaPair();
        using var factory = new CachingMeterFactory();
        var folder = pair.Folder("standby");
        var engine = ExchangeEngine.Start(ReplicaPair.EngineOptionsFor(folder) with { Replica = true, Topology = pair.Topology }, NullLogger.Instance);
        try
        {
            var leader = () => (LeaderInfo?)new LeaderInfo(1, pair.Leadership.Epoch, $"127.0.0.1:{pair.Replicator.Port}", "");
            using (new StandbyFollower(2, engine, Path.Combine(folder, "journal"), leader, pair.Options with { NodeId = 2 }, NullLogger.Instance, factory))
            {
                // never started: never connected
            }

            using var second = new StandbyFollower(2, engine, Path.Combine(folder, "journal"), leader, pair.Options with { NodeId = 2 }, NullLogger.Instance, factory);
            second.Start();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!second.IsConnected && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.True(second.IsConnected);
            Assert.Equal([1L], factory.Observe(ReplicationMetrics.MeterName)["exchange.replication.standby.connected"]);
        }
        finally
        {
            engine.Dispose();
        }
    }
}
