using Exchange.Journal.Format;

namespace Exchange.Journal.Writing;

/// <summary>
/// Sees each batch as it is committed, on the writer's thread, before the caller may release anything
/// of it: the replication tap. A primary ships the batch to its standbys as soon as it is written (so
/// their round trip and fsync overlap the local fsync) and, in sync-replicated mode, waits after the
/// local fsync until a quorum holds it durable, so the business logic (which runs only after the commit
/// returns) never acts on a command the standbys could lose.
/// </summary>
public interface ICommitObserver
{
    /// <summary>
    /// Called after the batch's write, before its fsync. Throwing fails the commit (the writer stays
    /// usable, but the caller stops before the batch).
    /// </summary>
    /// <param name="records">The batch's command records exactly as written (seal excluded); valid only during the call.</param>
    /// <param name="firstSequence">The batch's first sequence.</param>
    /// <param name="count">How many command records it holds.</param>
    /// <param name="end">Its last sequence and the chain value its seal carries.</param>
    void OnWritten(ReadOnlySpan<byte> records, long firstSequence, int count, ChainPoint end);

    /// <summary>Called after the batch is durable locally (with sync on commit: after its fsync; otherwise right after <see cref="OnWritten"/>). Throwing fails the commit.</summary>
    void OnDurable(ChainPoint end);
}
