using Exchange.Engine;

namespace Exchange.Gateway.Sessions;

/// <summary>
/// Replies and market data that the engine's publisher queues during one of its batches leave at the
/// batch's end, together: per session, one non-blocking send straight from the publisher's thread when
/// the session's sender is idle (no thread hop), otherwise the running sender picks them up. A batch
/// of fifty commands from one client then costs that session one write, not a wake-up per reply.
/// </summary>
/// <remarks>
/// The publisher thread is told apart by <see cref="PublishingThread.InBatch"/>; any other thread's
/// writes (heartbeats, protocol rejects, resends) wake the sender at once, as before. The list of
/// sessions to flush is the publisher thread's own, so several engines in one process (tests) never share one.
/// </remarks>
internal static class PublisherSends
{
    private const int ScratchBytes = 64 * 1024;

    [ThreadStatic]
    private static List<ClientSession>? _pending;

    [ThreadStatic]
    private static byte[]? _scratch;

    /// <summary>True if a write to <paramref name="session"/> may leave its sender asleep: this is the publisher inside a batch, and the session is flushed at the batch's end.</summary>
    public static bool Defer(ClientSession session)
    {
        if (!PublishingThread.InBatch)
        {
            return false;
        }

        if (session.MarkForFlush())
        {
            (_pending ??= new List<ClientSession>(64)).Add(session);
        }

        return true;
    }

    /// <summary>At the publisher's batch end: sends (or hands to its sender) what each session was given in the batch.</summary>
    public static void FlushAll()
    {
        var pending = _pending;
        if (pending is null || pending.Count == 0)
        {
            return;
        }

        var scratch = _scratch ??= new byte[ScratchBytes];
        for (var i = 0; i < pending.Count; i++)
        {
            pending[i].FlushFromPublisher(scratch);
        }

        pending.Clear();
    }
}
