using System.Diagnostics.CodeAnalysis;

namespace Exchange.Disruptor.Processing;

/// <summary>
/// Consumer logic for a <see cref="BatchEventProcessor{T, THandler}"/>. Implement it on a struct
/// (held in a non-readonly field by the processor, so it is never copied) and the JIT specialises
/// and inlines the calls. Every member is required on purpose: a default interface method called
/// on a struct would box it.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "The pattern's own name; not a .NET event delegate.")]
public interface IEventHandler<T>
{
    /// <summary>One event; <paramref name="endOfBatch"/> is true on the last slot available in this wake-up (flush here).</summary>
    void OnEvent(ref T data, long sequence, bool endOfBatch);

    /// <summary>A batch of <paramref name="batchSize"/> events is about to be delivered.</summary>
    void OnBatchStart(long batchSize);

    /// <summary>On the processor's thread, before the first event.</summary>
    void OnStart();

    /// <summary>On the processor's thread, after the last event, when it stops.</summary>
    void OnShutdown();

    /// <summary>A timeout wait strategy's period passed with no event; <paramref name="sequence"/> is the last processed.</summary>
    void OnTimeout(long sequence);
}
