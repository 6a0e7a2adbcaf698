using Exchange.Disruptor.Processing;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// Stage 3: hands every event to the subscribers (gateway sessions, market data, tests), in order.
/// Each call is isolated: a subscriber that throws loses that event alone and is reported; the
/// subscribers after it still get it. (A try block costs nothing on .NET until something throws, so
/// isolation does not need a thread per subscriber on a machine with two cores.) At a snapshot
/// marker it saves the read models' state for the snapshot of that sequence instead. At the end of
/// each batch every subscriber's <see cref="IEventSink.OnBatchEnd"/> runs, marker or not.
/// </summary>
internal struct Publisher(IEventSink[] sinks, SnapshotScheduler snapshots, Action<Exception, IEventSink, long> onSinkFailure, PipelineCounters counters, TimeProvider clock,
    StageTrace? trace = null) : IEventHandler<OutputSlot>
{
    private long _lastTraced;

    public void OnEvent(ref OutputSlot slot, long sequence, bool endOfBatch)
    {
        PublishingThread.Enter();
        if (slot.SnapshotSequence != 0)
        {
            var at = slot.SnapshotSequence;
            var report = onSinkFailure;
            snapshots.CaptureSinks(at, SinkState.Save(sinks, (ex, sink) => report(ex, sink, at)));
        }
        else
        {
            Deliver(ref slot, endOfBatch);
        }

        if (endOfBatch)
        {
            PublishingThread.Leave();
            for (var i = 0; i < sinks.Length; i++)
            {
                try
                {
                    sinks[i].OnBatchEnd();
                }
                catch (Exception ex)
                {
                    onSinkFailure(ex, sinks[i], slot.Event.Sequence);
                }
            }
        }
    }

    private void Deliver(ref OutputSlot slot, bool endOfBatch)
    {
        for (var i = 0; i < sinks.Length; i++)
        {
            try
            {
                sinks[i].OnEvent(in slot.Event, endOfBatch);
            }
            catch (Exception ex)
            {
                onSinkFailure(ex, sinks[i], slot.Event.Sequence);
            }
        }

        if (trace is not null && slot.Event.Sequence != _lastTraced)
        {
            _lastTraced = slot.Event.Sequence; // the command's first event: its reply is queued now
            var i = trace.SlotOf(_lastTraced);
            trace.Published[i] = System.Diagnostics.Stopwatch.GetTimestamp();
            trace.PublishedSequence[i] = _lastTraced;
        }

        if (slot.EndsJournalBatch && counters.CommitToPublish is { } latency)
        {
            latency.Record(Math.Max(0, SequencerClock.Now(clock) - slot.Event.Timestamp) / 1e9); // the command's stamp is the sequencer's clock
        }
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnStart()
    {
    }

    public readonly void OnShutdown()
    {
    }

    public readonly void OnTimeout(long sequence)
    {
    }
}
