namespace Exchange.Engine;

/// <summary>When a journaled command counts as safe.</summary>
public enum Durability
{
    /// <summary>
    /// Group commit: each batch is fsynced before the business logic sees any of it, so nothing a
    /// command caused is released before it is on disk. A crash loses nothing acknowledged.
    /// </summary>
    Sync,

    /// <summary>
    /// Each batch is written (to the OS page cache) before processing and fsynced on an interval.
    /// A process crash loses nothing; a machine crash or power loss can lose the commands of the
    /// last interval, including ones whose results were already released.
    /// </summary>
    Async,
}
