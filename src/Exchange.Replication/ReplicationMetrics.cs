using System.Diagnostics.Metrics;

namespace Exchange.Replication;

/// <summary>The replication's instruments (meter <c>Exchange.Replication</c>; docs/operations.md lists them).</summary>
public static class ReplicationMetrics
{
    public const string MeterName = "Exchange.Replication";

    internal static void ObservePrimary(Meter meter, Replicator replicator)
    {
        meter.CreateObservableGauge("exchange.replication.standbys", () => replicator.ConnectedStandbys, description: "Standbys streaming from this primary");
        meter.CreateObservableGauge("exchange.replication.lag", () => Math.Max(0, replicator.CommittedSequence - replicator.QuorumAcknowledged),
            unit: "{command}", description: "Commands committed here that a quorum of standbys does not yet hold durable");
        meter.CreateObservableGauge("exchange.replication.degraded", () => replicator.IsDegraded ? 1 : 0, description: "1 while a sync-replicated primary goes on without its quorum");
        meter.CreateObservableGauge("exchange.replication.epoch", () => replicator.Epoch, description: "The epoch (etcd lease revision) this node leads under; 0 on a standby");
    }

    /// <summary>Created once per meter, the standby instruments read the newest follower (a node starts a new one after a journal cut or a snapshot install).</summary>
    internal static void ObserveStandby(Meter meter, StandbyFollower follower)
    {
        if (Engine.NewestOnMeter.Bind(meter, follower) is not { } current)
        {
            return;
        }

        meter.CreateObservableGauge("exchange.replication.standby.lag", () => current().Lag, unit: "{command}",
            description: "Commands the primary has committed that this standby does not yet hold");
        meter.CreateObservableGauge("exchange.replication.standby.connected", () => current().IsConnected ? 1 : 0, description: "1 while this standby streams from a primary");
    }
}
