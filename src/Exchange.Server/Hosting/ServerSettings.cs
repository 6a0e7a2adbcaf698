namespace Exchange.Server.Hosting;

/// <summary>The "Exchange" configuration section (appsettings.json, EXCHANGE__* environment variables, flags).</summary>
public sealed class ServerSettings
{
    public string DataDirectory { get; set; } = "data";

    public string Address { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 7001;

    public string Durability { get; set; } = "Sync";

    public int HeartbeatSeconds { get; set; } = 5;

    public long SnapshotEveryCommands { get; set; } = 100_000;

    /// <summary>Also a snapshot every this many seconds while commands arrive (0 = by count only), so a quiet day's restart replays little too.</summary>
    public int SnapshotIntervalSeconds { get; set; } = 300;

    /// <summary>Snapshots kept (each with its read models' file); older ones are deleted as new ones are written.</summary>
    public int SnapshotsToKeep { get; set; } = 3;

    /// <summary>After each snapshot, move journal segments older than the oldest kept snapshot to journal/archive/, compressed (never deleted).</summary>
    public bool ArchiveJournal { get; set; } = true;

    /// <summary>Such a segment stays live (fast to replay) until this many minutes after its last write (0 = archive at once)...</summary>
    public int ArchiveJournalAfterMinutes { get; set; } = 60;

    /// <summary>...unless such segments take more than this many MiB together: then the oldest go first (0 = no limit).</summary>
    public int MaxLiveArchivableMegabytes { get; set; } = 1_024;

    /// <summary>Open connections accepted at once; more are closed on arrival.</summary>
    public int MaxConnections { get; set; } = 256;

    /// <summary>Seconds a new connection has to log in before it is rejected (LoginRejected 7) and closed.</summary>
    public int LoginTimeoutSeconds { get; set; } = 5;

    /// <summary>Connections not yet logged in, at most; more get LoginRejected 5 (the rest of MaxConnections stays for logged-in sessions).</summary>
    public int MaxUnauthenticated { get; set; } = 64;

    /// <summary>Sustained inbound messages per second per session (token bucket); excess gets a Throttled reject.</summary>
    public int ThrottleRatePerSecond { get; set; } = 10_000;

    /// <summary>Burst allowance of each session's token bucket.</summary>
    public int ThrottleBurst { get; set; } = 1_000;

    /// <summary>Throttled messages within one second after which a session is ended (SessionEnded 5).</summary>
    public int ThrottleDisconnectAfter { get; set; } = 10_000;

    /// <summary>
    /// Outbound messages kept per account for resend after a reconnect. Memory and each snapshot's read-model file
    /// grow with accounts × window (up to 96 bytes a message in memory, about 70 in the file).
    /// </summary>
    public int ResendWindow { get; set; } = 10_000;

    /// <summary>Outbound bytes queued for one session before it is cut off as a slow consumer.</summary>
    public int MaxQueuedBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Resting orders the engine sizes its pools and maps for at start. A book that outgrows them
    /// grows them by doubling, and the largest doublings pause the engine for milliseconds: size for
    /// the peak you expect.
    /// </summary>
    public int ExpectedOrders { get; set; } = 65_536;

    /// <summary>
    /// How often (ms) the sequencer checks, while no command arrives, whether a GTD or day order is
    /// due, and if so journals a time tick so it expires; 0 = never (orders then expire only at the next command).
    /// </summary>
    public int TimeTickMilliseconds { get; set; } = 100;

    /// <summary>Accounts the engine sizes its maps for at start.</summary>
    public int ExpectedAccounts { get; set; } = 1_024;

    /// <summary>On an empty journal, add the demo instruments and fund the demo accounts.</summary>
    public bool SeedDemo { get; set; } = true;

    public List<AccountSetting> Accounts { get; set; } = [];
}

/// <summary>An account allowed to log in. Secrets in configuration are a demo convenience; production would read hashes.</summary>
public sealed class AccountSetting
{
    public long Id { get; set; }

    public string Secret { get; set; } = string.Empty;

    public bool Admin { get; set; }
}
