namespace Exchange.LatencyHarness;

/// <summary>The answers a run has received, counted by its receivers and read by the progress display (another thread).</summary>
internal sealed class RunProgress(string name, long total)
{
    private long _answered;

    public string Name { get; } = name;

    public long Total { get; } = total;

    public long Answered => Volatile.Read(ref _answered);

    public void OnAnswered() => Interlocked.Increment(ref _answered);
}
