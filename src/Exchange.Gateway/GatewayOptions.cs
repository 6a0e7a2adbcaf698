using System.Net;

namespace Exchange.Gateway;

/// <summary>Listening address and the limits that protect the engine and other sessions.</summary>
public sealed record GatewayOptions
{
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port (tests); see <see cref="GatewayServer.Port"/>.</summary>
    public int Port { get; init; } = 7001;

    public int MaxFrameBytes { get; init; } = Protocol.Framing.FrameCodec.DefaultMaxFrame;

    public int MaxConnections { get; init; } = 256;

    /// <summary>The assets <c>QueryAssets</c> lists (reference data; the engine knows assets by id only).</summary>
    public IReadOnlyList<AssetInfo> Assets { get; init; } = [];

    /// <summary>
    /// Order-entry sessions one account may have at once (each receives all the account's replies);
    /// market-data-only sessions do not count.
    /// </summary>
    public int MaxSessionsPerAccount { get; init; } = 1;

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Sustained inbound messages per second per session; excess is answered with a Throttled reject.</summary>
    public int ThrottleRatePerSecond { get; init; } = 10_000;

    /// <summary>Burst allowance of the token bucket.</summary>
    public int ThrottleBurst { get; init; } = 1_000;

    /// <summary>Throttled messages within one second after which the session is ended (ThrottleExceeded).</summary>
    public int ThrottleDisconnectAfter { get; init; } = 10_000;

    /// <summary>Where the gateway's instruments come from (the host's, so its exporters see them); null: no metrics.</summary>
    public System.Diagnostics.Metrics.IMeterFactory? MeterFactory { get; init; }

    /// <summary>Outbound messages kept per account for resend after a reconnect (memory: up to 96 bytes each).</summary>
    public int ResendWindow { get; init; } = 10_000;

    /// <summary>
    /// Outbound bytes queued for one session before it is disconnected as a slow consumer. Room for a
    /// whole resend window (frames are at most 92 bytes) so that a reconnect can always be served.
    /// </summary>
    public int MaxQueuedBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// The kernel send buffer of each connection (0 keeps the OS default). Smaller values find a slow
    /// consumer sooner: what the kernel holds for a peer that does not read is not counted in the queue.
    /// </summary>
    public int SocketSendBufferBytes { get; init; }

    /// <summary>
    /// Requests that make the server send many messages back (Subscribe: a book snapshot; balance and
    /// open-order queries: a report per line) per second per session, beyond the frame throttle.
    /// </summary>
    public int ExpensiveRequestsPerSecond { get; init; } = 20;

    /// <summary>Burst allowance of the expensive-request bucket.</summary>
    public int ExpensiveRequestsBurst { get; init; } = 20;

    /// <summary>Password checks (PBKDF2, tens of ms of CPU each) running at once; the others wait their turn. Default: half the cores, at least one.</summary>
    public int MaxConcurrentLoginChecks { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// The longest wait imposed on a peer address before its next password check; the wait doubles from
    /// 100 ms with each failure. Kept well under <see cref="LoginTimeout"/>: an honest client behind the
    /// same address (a NAT, loopback) must still get in.
    /// </summary>
    public TimeSpan MaxLoginFailureDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The furthest ahead a penalised address's or account's next password check may be booked; a login
    /// whose turn would come later is refused unchecked (LoginRejected 8) after a penalty's wait. Should be
    /// under <see cref="LoginTimeout"/>, which also runs while a login waits its turn.
    /// </summary>
    public TimeSpan MaxLoginTurnWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a new connection has to log in; after that it gets LoginRejected (7) and is closed.</summary>
    public TimeSpan LoginTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Connections not yet logged in, at most: anonymous sockets can hold this many slots, never all
    /// <see cref="MaxConnections"/>. At the cap the oldest whose secret is not being hashed (idle, or its
    /// login waiting) is evicted (LoginRejected 5) so the newcomer gets its chance; only when every one is
    /// being hashed is the newcomer refused with 5.
    /// </summary>
    public int MaxUnauthenticated { get; init; } = 64;

    /// <summary>TLS on the trading port (null: plain TCP).</summary>
    public GatewayTls? Tls { get; init; }

    /// <summary>Connections not yet logged in from one address, at most (beyond it that address's oldest idle one is evicted).</summary>
    public int MaxUnauthenticatedPerAddress { get; init; } = 8;

    /// <summary>Outbound bytes a connection may have queued before it logs in (a reject or two): not the trading queue.</summary>
    public int PreLoginQueueBytes { get; init; } = 4 * 1024;

    /// <summary>Bytes handed to the socket per send: one write carries every frame queued up to this.</summary>
    public int SendBatchBytes { get; init; } = 64 * 1024;
}
