using Exchange.Core.Events;

namespace Exchange.Engine;

/// <summary>
/// Receives every event the business logic emits, in order, on the publisher thread (never the
/// business logic's). Events are copies in a ring slot, valid only during the call.
/// </summary>
public interface IEventSink
{
    void OnEvent(in Event e, bool endOfBatch);
}
