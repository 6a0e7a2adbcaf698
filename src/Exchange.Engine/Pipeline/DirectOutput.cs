using Exchange.Core.Events;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// Compact topology: events go straight to the publisher on the business logic's thread. Each one is
/// held back until the next arrives or the batch ends (<see cref="EndBatch"/>), so the subscribers learn
/// which event ends the batch — where a gateway session writes its replies with one send — even when
/// the batch's last command produced none. A failure of the publisher itself (not of a subscriber: the
/// publisher isolates those) is reported and the next event goes on, as with the dedicated topology's
/// output ring, so it never stops the business logic that shares this thread.
/// </summary>
internal struct DirectOutput(Publisher publisher, Action<Exception, long> onError) : IEventOutput
{
    private Publisher _publisher = publisher; // a mutable struct: kept in a field, never copied per call
    private OutputSlot _pending;
    private bool _hasPending;

    public void Emit(ReadOnlySpan<Event> events, bool endsJournalBatch)
    {
        for (var i = 0; i < events.Length; i++)
        {
            Release();
            _pending.Event = events[i];
            _pending.SnapshotSequence = 0;
            _pending.EndsJournalBatch = endsJournalBatch && i == events.Length - 1;
            _hasPending = true;
        }
    }

    public void MarkSnapshot(long sequence)
    {
        Release();
        _pending.SnapshotSequence = sequence;
        _hasPending = true;
    }

    /// <summary>Hands over the event held back, as the batch's last.</summary>
    public void EndBatch()
    {
        if (_hasPending)
        {
            _hasPending = false;
            Deliver(endOfBatch: true);
        }
    }

    private void Release()
    {
        if (_hasPending)
        {
            _hasPending = false;
            Deliver(endOfBatch: false);
        }
    }

    private void Deliver(bool endOfBatch)
    {
        try
        {
            _publisher.OnEvent(ref _pending, 0, endOfBatch);
        }
        catch (Exception ex)
        {
            onError(ex, _pending.Event.Sequence);
        }
    }
}
