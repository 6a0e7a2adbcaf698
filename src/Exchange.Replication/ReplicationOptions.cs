using System.Net;

namespace Exchange.Replication;

/// <summary>How a node replicates: its id, where its primary side listens, the durability mode and the link's timings.</summary>
public sealed record ReplicationOptions
{
    public required long NodeId { get; init; }

    /// <summary>Where the primary accepts standbys' links.</summary>
    public required IPEndPoint Listen { get; init; }

    /// <summary>Mutual TLS on every link (null: plain TCP, for one host or a private network).</summary>
    public ReplicationTls? Tls { get; init; }

    public ReplicationMode Mode { get; init; } = ReplicationMode.SyncReplicated;

    /// <summary>Standbys that must hold a batch durable before it is processed (sync-replicated).</summary>
    public int Quorum { get; init; } = 1;

    public LinkLossPolicy LinkLoss { get; init; } = LinkLossPolicy.Wait;

    /// <summary>With <see cref="LinkLossPolicy.Degrade"/>: how long a batch waits for its quorum before the primary degrades.</summary>
    public TimeSpan DegradeAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often an idle primary sends a heartbeat (standbys answer with an ack).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Silence after which the other end of a link counts as gone.</summary>
    public TimeSpan PeerTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Bytes of recent batches kept in memory for the links (older ones are read from the journal).</summary>
    public int BacklogBytes { get; init; } = 32 << 20;

    /// <summary>
    /// A standby this many commands or more behind is sent the primary's newest snapshot (and the journal
    /// after it) instead of the whole journal in between; 0: only a standby behind where this node's journal starts.
    /// </summary>
    public long SnapshotCatchUpCommands { get; init; } = 1_000_000;
}
