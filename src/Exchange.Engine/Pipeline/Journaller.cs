using Exchange.Disruptor.Processing;
using Exchange.Journal.Writing;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// Stage 1: stamps each command with its sequence number and time (the sequencer: the only clock
/// the business logic sees) and appends it to the journal; at the end of each batch commits the
/// batch (sync mode: one fsync), so a batch becomes visible to the business logic only once it is
/// journaled. Snapshot requests pass through unjournaled. In async mode the fsync is not done here:
/// <see cref="JournalSyncer"/> does it on its own thread, so a slow disk never stalls the pipeline.
/// </summary>
internal struct Journaller(JournalWriter writer, TimeProvider clock, long lastSequence, long lastTimestamp, PipelineCounters counters, bool traced)
    : IEventHandler<InputSlot>
{
    private long _lastSequence = lastSequence;
    private long _lastTimestamp = lastTimestamp;
    private long _batchStart = lastSequence;

    public void OnEvent(ref InputSlot slot, long sequence, bool endOfBatch)
    {
        if (slot.Replicated)
        {
            // A standby's command: written to the journal by ExchangeEngine.ApplyReplicated before it was
            // published, with the primary's sequence, time and batch end; the stamps carry on from it.
            _lastSequence = slot.Command.Sequence;
            _lastTimestamp = slot.Command.Timestamp;
            _batchStart = _lastSequence;
            return;
        }

        if (!slot.IsCommand)
        {
            slot.Command.Sequence = _lastSequence;
        }
        else
        {
            slot.Command.Sequence = ++_lastSequence;
            var now = SequencerClock.Now(clock);
            _lastTimestamp = Math.Max(now, _lastTimestamp); // never backwards, even if the wall clock steps back
            slot.Command.Timestamp = _lastTimestamp;
            writer.Append(slot.Command);
        }

        slot.EndsJournalBatch = false;
        if (endOfBatch)
        {
            // Throws if the write or fsync fails: the processor then stops before this batch, so the
            // business logic never sees a command that is not on disk (fail-stop).
            var started = counters.CommitDuration is null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
            writer.Commit();
            if (counters.CommitDuration is { } commitDuration)
            {
                commitDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
                counters.BatchSize!.Record(_lastSequence - _batchStart);
            }

            _batchStart = _lastSequence;
            slot.EndsJournalBatch = true;
            slot.CommittedTicks = traced ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
            slot.BatchChain = writer.Chain;
            slot.BatchPosition = writer.Position;
        }
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnStart()
    {
    }

    /// <summary>Commits what is pending when the pipeline drains; after a failure there is nothing more to write.</summary>
    public readonly void OnShutdown()
    {
        if (writer.Failure is not null)
        {
            return;
        }

        try
        {
            writer.Commit();
        }
        catch (JournalWriteFailedException)
        {
            // Left in writer.Failure: the engine reports it; throwing here would end the process.
        }
    }

    public readonly void OnTimeout(long sequence)
    {
    }
}
