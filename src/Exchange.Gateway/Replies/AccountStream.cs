using Exchange.Gateway.Sessions;

namespace Exchange.Gateway.Replies;

/// <summary>
/// One account's outbound application stream: the next sequence number, the recent frames kept for
/// resend, and the session it is currently attached to. Guarded by its own lock (the engine's
/// publisher thread appends, session threads attach and detach).
/// </summary>
internal sealed class AccountStream(int window)
{
    private readonly Queue<(ulong Sequence, byte[] Frame)> _recent = new();

    public object Gate { get; } = new();

    public ulong LastSequence { get; private set; }

    public ClientSession? Session { get; set; }

    /// <summary>Oldest sequence still kept for resend (LastSequence + 1 when nothing is kept).</summary>
    public ulong OldestKept => _recent.Count > 0 ? _recent.Peek().Sequence : LastSequence + 1;

    public ulong NextSequence() => ++LastSequence;

    public void Keep(ulong sequence, byte[] frame)
    {
        _recent.Enqueue((sequence, frame));
        while (_recent.Count > window)
        {
            _recent.Dequeue();
        }
    }

    public IEnumerable<byte[]> After(ulong sequence)
    {
        foreach (var (s, frame) in _recent)
        {
            if (s > sequence)
            {
                yield return frame;
            }
        }
    }
}
