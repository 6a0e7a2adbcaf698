using Exchange.Disruptor;
using Exchange.Disruptor.Processing;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// The compact topology's one pipeline thread: the same journaller, business logic and publisher as the
/// dedicated topology, called in turn. It journals the slots the input ring hands it and, at the end of
/// the ring's batch (or every <c>batchLimit</c> commands), commits them — sync mode: one fsync — and only
/// then runs the business logic over the committed slots, whose events go straight to the subscribers.
/// So a command is processed only after it is journaled, exactly as when the stages have threads of their
/// own, but crosses one thread hand-off instead of three.
/// </summary>
/// <remarks>
/// The slots stay valid until the batch is processed: the ring's producers are gated on this handler's
/// progress, which the processor publishes only after the whole ring batch has passed through here.
/// </remarks>
internal struct CompactPipeline(RingBuffer<InputSlot> ring, Journaller journaller, BusinessLogic<DirectOutput> logic, int batchLimit)
    : IEventHandler<InputSlot>
{
    private Journaller _journaller = journaller; // mutable structs: kept in fields, never copied per call
    private BusinessLogic<DirectOutput> _logic = logic;
    private long _uncommittedFrom = -1;

    public void OnEvent(ref InputSlot slot, long sequence, bool endOfBatch)
    {
        if (_uncommittedFrom < 0)
        {
            _uncommittedFrom = sequence;
            _logic.OnBatchStart(1); // starts the busy-time clock: here the journal's work is the business thread's too
        }

        var commit = endOfBatch || sequence - _uncommittedFrom + 1 >= batchLimit;
        _journaller.OnEvent(ref slot, sequence, commit); // throws if the commit fails: nothing of the batch is processed
        if (!commit)
        {
            return;
        }

        try
        {
            for (var s = _uncommittedFrom; s <= sequence; s++)
            {
                _logic.OnEvent(ref ring[s], s, s == sequence);
            }
        }
        finally
        {
            // Also when the business logic fails mid-batch: the events of the commands it finished are
            // released, as the dedicated topology's publisher releases what reached the output ring.
            _uncommittedFrom = -1;
            _logic.EndBatch();
        }
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public void OnStart()
    {
        _journaller.OnStart();
        _logic.OnStart();
    }

    public readonly void OnShutdown() => _journaller.OnShutdown();

    public readonly void OnTimeout(long sequence)
    {
    }
}
