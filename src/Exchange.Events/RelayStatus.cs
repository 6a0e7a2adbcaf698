namespace Exchange.Events;

/// <summary>What the relay has done, read by health checks and metrics on other threads (each field written by the relay alone).</summary>
public sealed class RelayStatus
{
    private long _publishedSequence;
    private long _publishedTimestamp;
    private long _readSequence;
    private long _published;
    private long _brokerErrors;
    private int _state;
    private string? _problem;

    /// <summary>The engine sequence of the last event the stream acknowledged (its command's events may continue).</summary>
    public long PublishedSequence => Volatile.Read(ref _publishedSequence);

    /// <summary>Journal timestamp (ns since the epoch) of that command.</summary>
    public long PublishedTimestamp => Volatile.Read(ref _publishedTimestamp);

    /// <summary>The last journal sequence the relay has read.</summary>
    public long ReadSequence => Volatile.Read(ref _readSequence);

    /// <summary>Events stored by this relay since it started.</summary>
    public long Published => Volatile.Read(ref _published);

    /// <summary>Broker calls that failed (each followed by a fresh start from the stream's end).</summary>
    public long BrokerErrors => Volatile.Read(ref _brokerErrors);

    public RelayState State => (RelayState)Volatile.Read(ref _state);

    /// <summary>Why the relay is not publishing, when it is not.</summary>
    public string? Problem => Volatile.Read(ref _problem);

    internal void Acknowledged(long sequence, long timestamp)
    {
        Volatile.Write(ref _publishedSequence, sequence);
        Volatile.Write(ref _publishedTimestamp, timestamp);
        Interlocked.Increment(ref _published);
    }

    internal void Resumed(long sequence) => Volatile.Write(ref _publishedSequence, sequence);

    internal void Read(long sequence) => Volatile.Write(ref _readSequence, sequence);

    internal void Set(RelayState state, string? problem = null)
    {
        Volatile.Write(ref _problem, problem);
        Volatile.Write(ref _state, (int)state);
    }

    internal void BrokerError() => Interlocked.Increment(ref _brokerErrors);
}

/// <summary>Where the relay is in its cycle.</summary>
public enum RelayState
{
    Starting,
    Connecting,
    Recovering,
    Publishing,

    /// <summary>Stopped on a condition it cannot repair (another history in the stream, a gap): see <see cref="RelayStatus.Problem"/>.</summary>
    Halted,

    /// <summary>The broker failed; retrying.</summary>
    Retrying,
}
