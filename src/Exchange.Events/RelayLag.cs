namespace Exchange.Events;

/// <summary>
/// How far the stream is behind the journal: in commands (the engine's newest sequence, or the relay's read position
/// when it runs alone, minus the last published) and in seconds (while behind, the age of the newest published
/// command; 0 when caught up).
/// </summary>
public sealed class RelayLag(RelayStatus status, Func<long>? head, TimeProvider clock)
{
    public long Commands => Math.Max(0, Head - status.PublishedSequence);

    public double Seconds
    {
        get
        {
            if (Commands == 0)
            {
                return 0;
            }

            var published = status.PublishedTimestamp;
            var nowNs = (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
            return published == 0 ? 0 : Math.Max(0, (nowNs - published) / 1e9);
        }
    }

    private long Head => head?.Invoke() ?? status.ReadSequence;
}
