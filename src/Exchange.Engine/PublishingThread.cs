namespace Exchange.Engine;

/// <summary>
/// Tells a subscriber whether the current thread is the engine's publisher inside a batch: then more
/// events follow until <see cref="IEventSink.OnBatchEnd"/>, and output can wait for it (a gateway sends
/// one batch's replies to a session in one write instead of waking its sender per reply). False on
/// every other thread, and during recovery's replay.
/// </summary>
public static class PublishingThread
{
    [ThreadStatic]
    private static bool _inBatch;

    /// <summary>True between the publisher's first event of a batch and the batch's <see cref="IEventSink.OnBatchEnd"/> calls, on its thread.</summary>
    public static bool InBatch => _inBatch;

    internal static void Enter() => _inBatch = true;

    internal static void Leave() => _inBatch = false;
}
