using Exchange.Core.Events;

namespace Exchange.Engine.Pipeline;

/// <summary>One event in the output ring, or a snapshot marker.</summary>
internal struct OutputSlot
{
    public Event Event;

    /// <summary>
    /// Not 0: no event, but the mark that the business logic took a snapshot at this sequence, placed after
    /// that command's events, where the publisher saves the read models' state to go with it.
    /// </summary>
    public long SnapshotSequence;

    /// <summary>The last event of a journal batch's last command: where the publisher times the batch for the metrics.</summary>
    public bool EndsJournalBatch;
}
