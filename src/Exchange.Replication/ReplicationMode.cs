namespace Exchange.Replication;

/// <summary>What a primary waits for before the business logic sees a batch (docs/replication.md, "Durability modes").</summary>
public enum ReplicationMode
{
    /// <summary>Local fsync and a quorum of standbys holding the batch durable: a failover loses nothing acknowledged.</summary>
    SyncReplicated,

    /// <summary>Local durability only; standbys may lag (the lag is a metric), and a failover may lose their lag.</summary>
    AsyncReplicated,
}
