using Exchange.Core.Events;
using Exchange.Disruptor;

namespace Exchange.Engine.Pipeline;

/// <summary>Dedicated topology: events go into the output ring, for the publisher's own thread.</summary>
internal readonly struct RingOutput(RingBuffer<OutputSlot> ring) : IEventOutput
{
    public void Emit(ReadOnlySpan<Event> events, bool endsJournalBatch)
    {
        var total = events.Length;
        var chunk = Math.Min(total, ring.BufferSize);
        var done = 0;
        while (done < total)
        {
            var n = Math.Min(chunk, total - done);
            var high = ring.Next(n);
            var low = high - n + 1;
            for (var i = 0; i < n; i++)
            {
                ref var slot = ref ring[low + i];
                slot.Event = events[done + i];
                slot.SnapshotSequence = 0;
                slot.EndsJournalBatch = endsJournalBatch && done + i == total - 1;
            }

            ring.Publish(low, high);
            done += n;
        }
    }

    public void MarkSnapshot(long sequence)
    {
        var mark = ring.Next();
        ring[mark].SnapshotSequence = sequence;
        ring.Publish(mark);
    }

    /// <summary>Nothing to do: the publisher's own batches end where the ring runs dry.</summary>
    public void EndBatch()
    {
    }
}
