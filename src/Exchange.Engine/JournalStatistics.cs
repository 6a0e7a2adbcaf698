namespace Exchange.Engine;

/// <summary>What the journaller has done since start; the mean batch per fsync is <c>Records / Syncs</c>.</summary>
public readonly record struct JournalStatistics(long Commits, long Syncs, long Records, long Bytes)
{
    public double RecordsPerSync => Syncs == 0 ? 0 : (double)Records / Syncs;
}
