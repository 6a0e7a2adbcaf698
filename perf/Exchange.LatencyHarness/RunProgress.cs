namespace Exchange.LatencyHarness;

/// <summary>Counters a run updates and the progress display reads (from another thread).</summary>
internal sealed class RunProgress(string name, long total)
{
    private long _sent;
    private long _answered;

    public string Name { get; } = name;

    public long Total { get; } = total;

    public long Sent => Volatile.Read(ref _sent);

    public long Answered => Volatile.Read(ref _answered);

    public void OnSent() => Interlocked.Increment(ref _sent);

    public void OnAnswered() => Interlocked.Increment(ref _answered);
}
