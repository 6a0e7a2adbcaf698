using Exchange.Disruptor.Processing;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// Stage 3: hands every event to the subscribers (gateway sessions, market data, tests), in order.
/// Each call is isolated: a subscriber that throws loses that event alone and is reported; the
/// subscribers after it still get it. (A try block costs nothing on .NET until something throws, so
/// isolation does not need a thread per subscriber on a machine with two cores.)
/// </summary>
internal readonly struct Publisher(IEventSink[] sinks, Action<Exception, IEventSink, long> onSinkFailure) : IEventHandler<OutputSlot>
{
    public void OnEvent(ref OutputSlot slot, long sequence, bool endOfBatch)
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
