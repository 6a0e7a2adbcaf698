using Exchange.Core.Events;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// Where the business logic puts each command's events: the output ring (dedicated topology, the
/// publisher's thread takes them from there) or the publisher itself, called on the same thread
/// (compact topology). A struct type parameter, so the business logic's calls are not virtual.
/// </summary>
internal interface IEventOutput
{
    /// <summary>One command's events, in order; <paramref name="endsJournalBatch"/> marks the last command of a journal batch.</summary>
    void Emit(ReadOnlySpan<Event> events, bool endsJournalBatch);

    /// <summary>The mark, after the events of the command at <paramref name="sequence"/>, where the read models are saved with a snapshot.</summary>
    void MarkSnapshot(long sequence);

    /// <summary>The batch in hand is done: nothing more comes before the pipeline waits again.</summary>
    void EndBatch();
}
