using Exchange.Core.Events;

namespace Exchange.Engine;

/// <summary>
/// Receives every event the business logic emits, in order, on the publisher thread (never the
/// business logic's, except in the compact topology, where the two are one thread). Events are
/// copies, valid only during the call.
/// </summary>
public interface IEventSink
{
    void OnEvent(in Event e, bool endOfBatch);

    /// <summary>
    /// After the last event of each batch the publisher handed over (also when the batch ended with no
    /// event for the subscribers): what a subscriber held back for the batch's end goes now. Every
    /// subscriber's is called, after every subscriber's last <see cref="OnEvent"/>.
    /// </summary>
    void OnBatchEnd()
    {
    }
}
