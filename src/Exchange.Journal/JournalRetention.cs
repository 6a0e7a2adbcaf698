namespace Exchange.Journal;

/// <summary>
/// When a segment that no start-up needs any more leaves the live journal for the archive: live segments
/// read fastest (no decompression, e.g. for an operator's point-in-time replay of the last hour), archived
/// ones take a fraction of the disk. A segment no start-up needs is archived once it is older than
/// <see cref="MinAge"/> (since its last write), or, oldest first, while those segments together take more
/// than <see cref="MaxLiveBytes"/>. Segments a start-up may need are never archived, whatever their age or
/// size; nothing is ever deleted.
/// </summary>
/// <param name="MinAge">Age after which an unneeded segment is archived; zero archives it at the first chance.</param>
/// <param name="MaxLiveBytes">Most bytes of unneeded segments kept live however young; null for no limit.</param>
public sealed record JournalRetention(TimeSpan MinAge, long? MaxLiveBytes = null)
{
    /// <summary>Archive every segment as soon as no start-up needs it.</summary>
    public static JournalRetention Immediately { get; } = new(TimeSpan.Zero);
}
