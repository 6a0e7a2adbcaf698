namespace Exchange.Client;

/// <summary>How a client connects and behaves; only the endpoint, account and secret are needed.</summary>
public sealed record ClientOptions
{
    /// <summary>Where the exchange listens: the primary first, then standbys; a reconnect tries them in turn.</summary>
    public required IReadOnlyList<(string Host, int Port)> Endpoints { get; init; }

    /// <summary>The account the session trades for.</summary>
    public required long Account { get; init; }

    /// <summary>The account's login secret (sent at login only).</summary>
    public required string Secret { get; init; }

    /// <summary>Last reply sequence already received (0: all; <see cref="ExchangeClient.LiveOnly"/>: none, only what follows the login).</summary>
    public long LastSeenSequence { get; init; }

    /// <summary>Ask the server to cancel the account's orders when this session ends.</summary>
    public bool CancelOnDisconnect { get; init; }

    /// <summary>After a lost connection, log in again (next endpoint, backing off up to <see cref="MaxReconnectDelay"/>) with the last sequence seen: missed replies are resent.</summary>
    public bool AutoReconnect { get; init; }

    /// <summary>The longest wait between two reconnect attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Session rules: 3 (default), 2 or 1 (docs/protocol.md, Versioning).</summary>
    public ushort ProtocolVersion { get; init; } = 3;

    /// <summary>TLS to the trading port (null: plain TCP, as on loopback).</summary>
    public ClientTls? Tls { get; init; }

    /// <summary>Market data only: subscriptions, no order entry, no replies.</summary>
    public bool MarketDataOnly { get; init; }

    /// <summary>
    /// Messages held for the application before the client stops reading the socket (back-pressure:
    /// the server then queues for this session, and past its limit ends it as a slow consumer; with
    /// <see cref="AutoReconnect"/> the missed replies are resent after the next login). Nothing is dropped.
    /// </summary>
    public int EventBufferCapacity { get; init; } = 8_192;

    /// <summary>Heartbeat intervals of silence from the server after which the connection counts as lost (the protocol says 3).</summary>
    public int HeartbeatTimeoutIntervals { get; init; } = 3;
}
