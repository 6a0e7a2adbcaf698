namespace Exchange.Replication;

/// <summary>Where etcd is and how this node appears in it.</summary>
public sealed record EtcdOptions
{
    /// <summary>etcd's client URLs, comma-separated (http://127.0.0.1:2379); the next is tried when one fails.</summary>
    public required string Endpoints { get; init; }

    /// <summary>The key prefix's cluster name: nodes of one cluster share it.</summary>
    public string Cluster { get; init; } = "exchange";

    public required long NodeId { get; init; }

    /// <summary>TLS to etcd, for https endpoints (null: plain http).</summary>
    public EtcdTls? Tls { get; init; }

    /// <summary>The lease's time to live asked for (etcd may grant more: its minimum is 1.5 election timeouts, rounded up to a second).</summary>
    public int LeaseTtlSeconds { get; init; } = 1;
}
