using Exchange.Disruptor.Processing;

namespace Exchange.Engine.Pipeline;

/// <summary>Stage 3: hands every event to the subscribers (gateway sessions, market data, tests), in order.</summary>
internal readonly struct Publisher(IEventSink[] sinks) : IEventHandler<OutputSlot>
{
    public void OnEvent(ref OutputSlot slot, long sequence, bool endOfBatch)
    {
        for (var i = 0; i < sinks.Length; i++)
        {
            sinks[i].OnEvent(in slot.Event, endOfBatch);
        }
    }

    public void OnBatchStart(long batchSize)
    {
    }

    public void OnStart()
    {
    }

    public void OnShutdown()
    {
    }

    public void OnTimeout(long sequence)
    {
    }
}
