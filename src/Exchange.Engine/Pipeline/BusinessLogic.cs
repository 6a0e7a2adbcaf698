using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Disruptor.Processing;
using Exchange.Journal.Format;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// Stage 2, the business logic processor: applies each journaled command to the matching engine
/// on this one thread and hands its events to <typeparamref name="TOutput"/> (the output ring, or the
/// publisher directly in the compact topology). Snapshot requests (and the
/// every-N policy) serialize the state here, between two commands, at the next journal batch
/// boundary (where the chain value that binds the snapshot to its journal is known); writing the
/// file happens on another thread. When read models are saved with snapshots, a marker follows the
/// snapshot's last events.
/// </summary>
internal struct BusinessLogic<TOutput>(MatchingEngine engine, TOutput output, SnapshotScheduler snapshots, long snapshotEvery,
    ChainPoint recoveredChain, JournalPosition recoveredPosition, bool markSnapshots, PipelineCounters counters, Func<Core.Commands.Command, bool>? injectFault = null, StageTrace? trace = null)
    : IEventHandler<InputSlot>
    where TOutput : struct, IEventOutput
{
    private TOutput _output = output; // a mutable struct: kept in a field, never copied per call
    private readonly EventBuffer _events = new(1_024);
    private ChainPoint _chain = recoveredChain;
    private JournalPosition _position = recoveredPosition;
    private bool _snapshotDue;
    private long _lastCaptured = -1;
    private List<TaskCompletionSource<long>>? _snapshotWaiters;
    private long _uncommittedFrom = recoveredChain.Sequence + 1;

    public void OnEvent(ref InputSlot slot, long sequence, bool endOfBatch)
    {
        if (slot.IsSnapshotRequest)
        {
            _snapshotDue = true;
            if (slot.SnapshotTaken is { } waiter)
            {
                (_snapshotWaiters ??= []).Add(waiter);
                slot.SnapshotTaken = null;
            }
        }
        else if (slot.Query is { } query)
        {
            // The query reports its own failure to its caller; it can never stop the pipeline.
            query(engine);
            slot.Query = null;
        }
        else
        {
            if (injectFault is not null && injectFault(slot.Command))
            {
                throw new InvalidOperationException($"Injected fault at sequence {slot.Command.Sequence}.");
            }

            _events.Clear();
            if (trace is not null)
            {
                Trace(trace, slot);
            }

            engine.Process(slot.Command, _events);
            if (trace is not null)
            {
                trace.Processed[trace.SlotOf(slot.Command.Sequence)] = System.Diagnostics.Stopwatch.GetTimestamp();
            }

            counters.CountCommand(slot.Command.Type);
            Publish(_events.Events, slot.EndsJournalBatch);
            _snapshotDue |= snapshotEvery > 0 && slot.Command.Sequence % snapshotEvery == 0;
        }

        if (endOfBatch && counters.Timed)
        {
            Volatile.Write(ref counters.BusyTicks, counters.BusyTicks + (System.Diagnostics.Stopwatch.GetTimestamp() - counters.BatchStarted));
        }

        if (slot.EndsJournalBatch)
        {
            if (trace is not null)
            {
                // Every command of the batch was committed before the first of them reached this thread.
                for (var s = _uncommittedFrom; s <= slot.Command.Sequence; s++)
                {
                    trace.Committed[trace.SlotOf(s)] = slot.CommittedTicks;
                }

                _uncommittedFrom = slot.Command.Sequence + 1;
            }

            _chain = slot.BatchChain;
            _position = slot.BatchPosition;
        }

        if (_snapshotDue && _chain.Sequence == engine.LastSequence)
        {
            _snapshotDue = false;
            if (engine.LastSequence == _lastCaptured)
            {
                TellWaiters();
                return; // nothing happened since the last one (an idle exchange on the interval)
            }

            _lastCaptured = engine.LastSequence;
            var started = System.Diagnostics.Stopwatch.GetTimestamp(); // for the metrics only: nothing here depends on it
            var bytes = snapshots.Capture(engine, _chain, _position);
            counters.SnapshotPause?.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            counters.SnapshotBytes?.Record(bytes);
            if (markSnapshots)
            {
                // After the command's events: the publisher saves the read models there, at the same sequence.
                _output.MarkSnapshot(engine.LastSequence);
            }

            TellWaiters();
        }
    }

    private static void Trace(StageTrace trace, in InputSlot slot)
    {
        var i = trace.SlotOf(slot.Command.Sequence);
        trace.Sequence[i] = slot.Command.Sequence;
        trace.Account[i] = slot.Command.AccountId;
        trace.ClientOrderId[i] = slot.Command.ClientOrderId;
        trace.Read[i] = slot.ReadTicks;
        trace.Queued[i] = slot.QueuedTicks;
    }

    /// <summary>Tells whoever asked for the snapshot just taken (or found already taken) its sequence; it is written to disk in the background.</summary>
    private readonly void TellWaiters()
    {
        if (_snapshotWaiters is { Count: > 0 })
        {
            foreach (var waiter in _snapshotWaiters)
            {
                waiter.TrySetResult(engine.LastSequence);
            }

            _snapshotWaiters.Clear();
        }
    }

    private void Publish(ReadOnlySpan<Event> events, bool endsJournalBatch)
    {
        for (var i = 0; i < events.Length; i++)
        {
            if (events[i].Type == EventType.OrderRejected)
            {
                counters.CountReject(events[i].Reason);
            }
        }

        _output.Emit(events, endsJournalBatch);
    }

    /// <summary>Tells the output that the batch in hand is done (the compact topology's publisher then ends the batch for its subscribers).</summary>
    public void EndBatch() => _output.EndBatch();

    public readonly void OnBatchStart(long batchSize)
    {
        if (counters.Timed)
        {
            counters.BatchStarted = System.Diagnostics.Stopwatch.GetTimestamp(); // for the busy ratio only: nothing here depends on it
        }
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
