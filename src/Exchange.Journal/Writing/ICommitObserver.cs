using Exchange.Journal.Format;

namespace Exchange.Journal.Writing;

/// <summary>
/// Sees each batch the moment it is committed, on the writer's thread, before the caller may release
/// anything of it: the replication tap. A primary ships the batch to its standbys here and, in
/// sync-replicated mode, waits here until a quorum holds it durable, so the business logic (which runs
/// only after the commit returns) never acts on a command the standbys could lose.
/// </summary>
public interface ICommitObserver
{
    /// <summary>
    /// Called after the batch's write (and, with sync on commit, its fsync). Throwing fails the commit
    /// as a write failure would not: the writer stays usable, but the caller stops before the batch.
    /// </summary>
    /// <param name="records">The batch's command records exactly as written (seal excluded); valid only during the call.</param>
    /// <param name="firstSequence">The batch's first sequence.</param>
    /// <param name="count">How many command records it holds.</param>
    /// <param name="end">Its last sequence and the chain value its seal carries.</param>
    void OnCommitted(ReadOnlySpan<byte> records, long firstSequence, int count, ChainPoint end);
}
