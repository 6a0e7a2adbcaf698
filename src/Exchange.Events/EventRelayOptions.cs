namespace Exchange.Events;

/// <summary>Where the relay reads and where it publishes; the server binds these from its Events* settings.</summary>
public sealed record EventRelayOptions
{
    /// <summary>The data folder whose journal is followed (a primary's, a standby's or a copy).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The broker, e.g. <c>nats://127.0.0.1:4222</c>.</summary>
    public required string BrokerUrl { get; init; }

    /// <summary>The JetStream stream the events are stored in (created if missing, its limits updated if present).</summary>
    public string StreamName { get; init; } = "EXCHANGE_EVENTS";

    /// <summary>First token of every subject (docs/events.md).</summary>
    public string SubjectPrefix { get; init; } = "exchange";

    /// <summary>Oldest events kept (zero: no age limit). A stream whose last message has aged out cannot tell the relay where it ended.</summary>
    public TimeSpan MaxAge { get; init; }

    /// <summary>Most bytes kept (0: no limit); the oldest go first.</summary>
    public long MaxBytes { get; init; }

    /// <summary>Copies of the stream in a clustered broker (1 for a single server).</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>How long JetStream remembers message ids (the guard against a resent publish; the expected-sequence check guards beyond it).</summary>
    public TimeSpan DuplicateWindow { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Publishes awaiting their acknowledgement at once.</summary>
    public int MaxInFlight { get; init; } = 4_096;

    /// <summary>How long the oldest publish may wait for the stream's acknowledgement before the round starts again.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Commands read from the journal per step.</summary>
    public int ReadChunk { get; init; } = 4_096;

    /// <summary>How often an idle relay looks for new journal records.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Wait after a broker error before trying again (doubles up to ten times this).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Behind by more than this, health reports the relay as degraded.</summary>
    public TimeSpan HealthyLag { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The first command whose events go to an empty stream. 1 (the default) is the whole history; a journal that starts
    /// after a snapshot (a standby caught up by snapshot, a history restored from one) can begin at the command after it.
    /// </summary>
    public long FirstSequence { get; init; } = 1;

    /// <summary>Called on the relay's task for each event the stream acknowledged: its command's sequence and journal timestamp (measurements).</summary>
    public Action<long, long>? Acknowledged { get; init; }

    /// <summary>The followed engine's newest sequence, when the relay runs beside it (else the journal read so far is the head).</summary>
    public Func<long>? HeadSequence { get; init; }
}
