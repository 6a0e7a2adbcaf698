using System.ComponentModel;

namespace Exchange.Server.Hosting;

/// <summary>
/// The "Exchange" configuration section, and the one place its defaults live: appsettings.json,
/// EXCHANGE__* environment variables and flags override them, in that order; each setting's
/// [Description] is what <c>--help</c> and docs/configuration.md show (<see cref="ServerSetting"/>).
/// </summary>
public sealed class ServerSettings
{
    [Description("Folder of the journal and the snapshots (created if missing).")]
    public string DataDirectory { get; set; } = "data";

    [Description("IP address the gateway listens on (0.0.0.0 for every interface).")]
    public string Address { get; set; } = "127.0.0.1";

    [Description("TCP port of the gateway; 0 picks a free one (logged).")]
    public int Port { get; set; } = 7001;

    [Description("TLS on the gateway: the server's certificate (PEM, its chain after it); with TlsKeyFile. Empty: plain TCP.")]
    public string TlsCertificateFile { get; set; } = string.Empty;

    [Description("The private key (PEM) of TlsCertificateFile.")]
    public string TlsKeyFile { get; set; } = string.Empty;

    [Description("With TLS: a PEM file of the authorities whose client certificates are accepted; every client must then present one (mutual TLS). Empty: no client certificates.")]
    public string TlsClientCaFile { get; set; } = string.Empty;

    [Description("sync: a command is processed, and answered, only once it is fsynced; async: fsynced every 10 ms behind the pipeline (a machine crash can lose that last interval).")]
    public string Durability { get; set; } = "Sync";

    [Description("Threads of the pipeline: compact (one thread journals, processes and publishes each batch), dedicated (a thread per stage) or auto (compact below 4 cores). Same durability in each; docs/engine.md compares them.")]
    public string Topology { get; set; } = "Auto";

    [Description("How idle pipeline threads wait: blocking (no CPU while idle), yielding or spinning (lower hand-off latency, a core each kept busy).")]
    public string PipelineWait { get; set; } = "Blocking";

    [Description("Seconds between heartbeats on an idle session.")]
    public int HeartbeatSeconds { get; set; } = 5;

    [Description("A snapshot after every this many commands (0 = by time only).")]
    public long SnapshotEveryCommands { get; set; } = 100_000;

    [Description("Also a snapshot every this many seconds while commands arrive (0 = by count only), so a quiet day's restart replays little too.")]
    public int SnapshotIntervalSeconds { get; set; } = 300;

    [Description("Snapshots kept (each with its read models' file); older ones are deleted as new ones are written.")]
    public int SnapshotsToKeep { get; set; } = 3;

    [Description("After each snapshot, move journal segments older than the oldest kept snapshot to journal/archive/, compressed (never deleted).")]
    public bool ArchiveJournal { get; set; } = true;

    [Description("Such a segment stays live (fast to replay) until this many minutes after its last write (0 = archive at once)...")]
    public int ArchiveJournalAfterMinutes { get; set; } = 60;

    [Description("...unless such segments take more than this many MiB together: then the oldest go first (0 = no limit).")]
    public int MaxLiveArchivableMegabytes { get; set; } = 1_024;

    [Description("Open connections accepted at once; more are closed on arrival.")]
    public int MaxConnections { get; set; } = 256;

    [Description("Order-entry sessions one account may have open at once, each receiving all its replies (market-data-only sessions do not count); one more gets LoginRejected 3.")]
    public int MaxSessionsPerAccount { get; set; } = 4;

    [Description("Seconds a new connection has to log in before it is rejected (LoginRejected 7) and closed.")]
    public int LoginTimeoutSeconds { get; set; } = 5;

    [Description("Connections not yet logged in, at most (the rest of MaxConnections stays for logged-in sessions); at the cap the oldest whose secret is not being hashed (idle, or its login waiting) is closed with LoginRejected 5 to make room.")]
    public int MaxUnauthenticated { get; set; } = 64;

    [Description("Connections not yet logged in from one address, at most; beyond it that address's oldest whose secret is not being hashed is closed to make room.")]
    public int MaxUnauthenticatedPerAddress { get; set; } = 8;

    [Description("Sustained inbound messages per second per session (token bucket); excess gets a Throttled reject.")]
    public int ThrottleRatePerSecond { get; set; } = 10_000;

    [Description("Burst allowance of each session's token bucket.")]
    public int ThrottleBurst { get; set; } = 1_000;

    [Description("Throttled messages within one second after which a session is ended (SessionEnded 5).")]
    public int ThrottleDisconnectAfter { get; set; } = 10_000;

    [Description("Outbound messages kept per account for resend after a reconnect. Memory and each snapshot's read-model file grow with accounts x window (up to 96 bytes a message in memory, about 70 in the file).")]
    public int ResendWindow { get; set; } = 10_000;

    [Description("Outbound bytes queued for one session before it is cut off as a slow consumer.")]
    public int MaxQueuedBytes { get; set; } = 16 * 1024 * 1024;

    [Description("Resting orders the engine sizes its pools and maps for at start; a book that outgrows them doubles them, pausing the engine for milliseconds: size for your peak.")]
    public int ExpectedOrders { get; set; } = 65_536;

    [Description("How often (ms) an idle sequencer checks whether a GTD or day order is due, and if so journals a time tick so it expires (0 = orders expire only at the next command).")]
    public int TimeTickMilliseconds { get; set; } = 100;

    [Description("Accounts the engine sizes its maps for at start.")]
    public int ExpectedAccounts { get; set; } = 1_024;

    [Description("Port of the HTTP endpoint for health (/health/live, /health/ready) and Prometheus metrics (/metrics), on Address; 0 picks a free one (logged), -1 turns it off.")]
    public int HttpPort { get; set; } = 7080;

    [Description("Serve the metrics in Prometheus' format at /metrics on HttpPort.")]
    public bool PrometheusMetrics { get; set; } = true;

    [Description("OTLP endpoint (e.g. http://localhost:4317) to push metrics and order traces to; empty: none.")]
    public string OtlpEndpoint { get; set; } = string.Empty;

    [Description("Trace one new order in this many (a span gateway -> journal -> business logic -> reply, exported with OTLP); 0: none.")]
    public int TraceOneOrderIn { get; set; } = 1_000;

    [Description("On an empty journal, add the demo instruments and fund the demo accounts.")]
    public bool SeedDemo { get; set; } = true;

    [Description("This node's id in a cluster (1, 2, 3, ...): a hot standby until etcd makes it the primary (docs/replication.md). 0: a single node, no replication, no etcd.")]
    public long NodeId { get; set; }

    [Description("etcd's client URLs, comma-separated (cluster mode).")]
    public string EtcdEndpoints { get; set; } = "http://127.0.0.1:2379";

    [Description("The cluster's name in etcd's keys (/exchange/NAME/...): the nodes of one cluster share it.")]
    public string ClusterName { get; set; } = "exchange";

    [Description("TCP port on Address where a primary accepts its standbys' replication links (cluster mode).")]
    public int ReplicationPort { get; set; } = 7101;

    [Description("host:port standbys use to reach this node's ReplicationPort, when not Address:ReplicationPort (NAT, a proxy); empty: Address:ReplicationPort.")]
    public string ReplicationAdvertise { get; set; } = string.Empty;

    [Description("Mutual TLS on the replication link: this node's certificate (PEM), presented to its peers; with ReplicationTlsKeyFile and ReplicationTlsCaFile. Empty: plain TCP.")]
    public string ReplicationTlsCertificateFile { get; set; } = string.Empty;

    [Description("The private key (PEM) of ReplicationTlsCertificateFile.")]
    public string ReplicationTlsKeyFile { get; set; } = string.Empty;

    [Description("The cluster's certificate authorities (PEM): a peer's certificate must chain to one of them.")]
    public string ReplicationTlsCaFile { get; set; } = string.Empty;

    [Description("TLS to etcd (https EtcdEndpoints): a PEM file of the roots etcd's certificate must chain to. Empty: plain http.")]
    public string EtcdTlsCaFile { get; set; } = string.Empty;

    [Description("With EtcdTlsCaFile: this node's certificate (PEM) for etcd's --client-cert-auth; with EtcdTlsKeyFile.")]
    public string EtcdTlsCertificateFile { get; set; } = string.Empty;

    [Description("The private key (PEM) of EtcdTlsCertificateFile.")]
    public string EtcdTlsKeyFile { get; set; } = string.Empty;

    [Description("Megabytes of recent batches a primary keeps in memory for its standbys; a standby further behind is sent the journal from disk.")]
    public int ReplicationBacklogMegabytes { get; set; } = 32;

    [Description("A standby this many commands or more behind is sent the primary's newest snapshot and the journal after it, instead of the whole journal in between; 0: only to a standby behind where this node's journal starts.")]
    public long ReplicationSnapshotCatchUpCommands { get; set; } = 1_000_000;

    [Description("SyncReplicated: a command is processed, and answered, only once a quorum of standbys holds it durable too; AsyncReplicated: standbys may lag (cluster mode).")]
    public string Replication { get; set; } = "SyncReplicated";

    [Description("Standbys that must hold a batch durable before a SyncReplicated primary processes it.")]
    public int ReplicationQuorum { get; set; } = 1;

    [Description("With fewer standbys than the quorum: Wait (acknowledge nothing until they are back) or Degrade (after ReplicationDegradeAfterMilliseconds go on with local durability; logged, and a metric).")]
    public string ReplicationLinkLoss { get; set; } = "Wait";

    [Description("How long a batch waits for its quorum before a Degrade primary goes on without it.")]
    public int ReplicationDegradeAfterMilliseconds { get; set; } = 1_000;

    [Description("Seconds the primary's etcd lease lives without a renewal: past it the primary acknowledges nothing more and a standby takes over (etcd may grant more than asked).")]
    public int LeaseTtlSeconds { get; set; } = 1;

    [Description("NATS server the events are published to, e.g. nats://127.0.0.1:4222 (docs/events.md); empty: no event stream.")]
    public string EventsUrl { get; set; } = string.Empty;

    [Description("JetStream stream that holds the events (created if missing; its limits are updated to these settings).")]
    public string EventsStream { get; set; } = "EXCHANGE_EVENTS";

    [Description("First token of every event subject (exchange.trade.BTC-USD.1001.1002, ...).")]
    public string EventsSubjectPrefix { get; set; } = "exchange";

    [Description("Hours the stream keeps an event (0 = no age limit). A stream whose last event has aged out cannot tell the relay where it ended.")]
    public int EventsMaxAgeHours { get; set; }

    [Description("Megabytes the stream keeps, the oldest events dropped first (0 = no limit).")]
    public int EventsMaxMegabytes { get; set; }

    [Description("Copies of the stream in a clustered NATS (1 for a single server).")]
    public int EventsReplicas { get; set; } = 1;

    [Description("First command whose events go to an empty stream: 1 is the whole history; a journal that starts after a snapshot can begin at the command after it.")]
    public long EventsFirstSequence { get; set; } = 1;

    [Description("Behind the engine by more than this many seconds, /health/ready reports the relay as Degraded.")]
    public int EventsHealthyLagSeconds { get; set; } = 30;

    [Description("Run only the events relay: follow DataDirectory's journal (another server's, a standby's) and publish to EventsUrl; no engine, no gateway.")]
    public bool EventsOnly { get; set; }

    /// <summary>Accounts allowed to log in: in JSON (appsettings.json, --config) or indexed variables (EXCHANGE__ACCOUNTS__0__ID, ...).</summary>
    public List<AccountSetting> Accounts { get; set; } = [];

    /// <summary>The assets' symbols clients see (QueryAssets); the engine knows assets by id only.</summary>
    public List<AssetSetting> Assets { get; set; } = [];
}

/// <summary>An asset's reference data: its id in orders and balances, its symbol, and the decimals a display shows.</summary>
public sealed class AssetSetting
{
    public int Id { get; set; }

    public string Symbol { get; set; } = string.Empty;

    public int Decimals { get; set; }
}

/// <summary>
/// An account allowed to log in, by its secret (a demo convenience: the configuration then holds it in
/// plain text) or by a salted hash of it (<c>exchange-server --hash-secret</c>), never both.
/// </summary>
public sealed class AccountSetting
{
    public long Id { get; set; }

    public string Secret { get; set; } = string.Empty;

    /// <summary><c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c>: the login is checked against it, the secret never stored.</summary>
    public string SecretHash { get; set; } = string.Empty;

    /// <summary>Networks (CIDR, e.g. 10.1.0.0/16) the account may log in from; empty: any. Logins from elsewhere are refused unchecked.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    public bool Admin { get; set; }
}
