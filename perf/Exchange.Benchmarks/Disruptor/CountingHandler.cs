using Exchange.Disruptor.Processing;

namespace Exchange.Benchmarks.Disruptor;

/// <summary>A benchmark slot: one long, stored inline in the ring.</summary>
public struct LongSlot
{
    public long Value;
}

/// <summary>Consumes by summing (so the read cannot be optimised away); progress is the processor's own sequence.</summary>
public struct SummingHandler : IEventHandler<LongSlot>
{
    public long Sum;

    public void OnEvent(ref LongSlot data, long sequence, bool endOfBatch) => Sum += data.Value;

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
