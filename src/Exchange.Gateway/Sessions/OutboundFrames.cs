using System.Threading.Tasks.Sources;
using Exchange.Protocol.Framing;

namespace Exchange.Gateway.Sessions;

/// <summary>
/// One session's queue of outbound frames: a byte ring that producers encode messages straight
/// into and the session's send loop drains in one copy per batch, so a message costs no
/// allocation once the ring has grown to the session's working size.
/// </summary>
/// <remarks>
/// <para>Producers (the engine's publisher thread, market data, the session's own receive and
/// heartbeat loops) serialize on a private lock held only for the copy; the single consumer never
/// takes it. A producer publishes by advancing <c>_head</c> with a full fence after the bytes are
/// written; the consumer frees space by advancing <c>_tail</c> with a release write after its copy.</para>
/// <para>The ring starts small and doubles up to <c>maxBytes</c> (growth happens under the producer
/// lock, so the consumer only ever sees a consistent buffer: it reads the buffer reference and both
/// counters under the same lock when the ring has grown). A write that would exceed the maximum
/// fails: the caller ends the session as a slow consumer.</para>
/// <para>The consumer waits on a reusable <see cref="IValueTaskSource"/>; continuations run on the
/// thread pool, so a producer never runs the send loop inline.</para>
/// </remarks>
internal sealed class OutboundFrames : IValueTaskSource<bool>
{
    private const int InitialBytes = 16 * 1024;

    private readonly object _gate = new();
    private int _maxBytes;
    private byte[] _buffer;
    private long _head;
    private long _tail;
    /// <summary>0: the consumer is running; 1: it waits for bytes; <see cref="Borrowed"/>: it waits, and a producer is sending for it.</summary>
    private int _waiting;
    private const int Borrowed = 2;
    private bool _completed;
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = true };

    public OutboundFrames(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, FrameCodec.DefaultMaxFrame);
        _maxBytes = (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)maxBytes));
        _buffer = new byte[Math.Min(InitialBytes, _maxBytes)];
    }

    /// <summary>Lets the ring grow to <paramref name="maxBytes"/> from now on (a session that has logged in gets its full queue).</summary>
    public void RaiseLimit(int maxBytes)
    {
        lock (_gate)
        {
            _maxBytes = Math.Max(_maxBytes, (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)maxBytes)));
        }
    }

    /// <summary>Bytes queued and not yet taken by the sender.</summary>
    public long Pending => Volatile.Read(ref _head) - Volatile.Read(ref _tail);

    /// <summary>Encodes one message into the ring. False when the ring is full (slow consumer) or completed.</summary>
    /// <param name="message">The message.</param>
    /// <param name="wake">False: leave the idle consumer asleep; the caller promises a <see cref="SendNowOrWake"/> or a later write that wakes it.</param>
    public bool TryWrite<T>(in T message, bool wake = true)
        where T : struct, IMessage<T>
    {
        Span<byte> frame = stackalloc byte[FrameHeader.Size + T.BodySize];
        FrameCodec.Write(frame, message);
        return TryWrite(frame, wake);
    }

    /// <summary>Copies one encoded frame into the ring. False when the ring is full (slow consumer) or completed.</summary>
    /// <param name="frame">The encoded frame.</param>
    /// <param name="wake">False: leave the idle consumer asleep; the caller promises a <see cref="SendNowOrWake"/> or a later write that wakes it.</param>
    public bool TryWrite(ReadOnlySpan<byte> frame, bool wake = true)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            var head = _head;
            var used = head - Volatile.Read(ref _tail);
            if (used + frame.Length > _buffer.Length && !Grow(used + frame.Length))
            {
                return false;
            }

            var mask = _buffer.Length - 1;
            var start = (int)(head & mask);
            var first = Math.Min(frame.Length, _buffer.Length - start);
            frame[..first].CopyTo(_buffer.AsSpan(start));
            frame[first..].CopyTo(_buffer);

            // Full fence: the bytes are visible before the new head, and the read of _waiting below
            // cannot move before the head is published (the consumer does the mirror image).
            Interlocked.Exchange(ref _head, head + frame.Length);
        }

        if (wake)
        {
            WakeConsumer();
        }

        return true;
    }

    /// <summary>No more frames will be accepted; the consumer drains what is queued and then sees the end.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
        }

        Interlocked.MemoryBarrier();
        WakeConsumer();
    }

    public bool IsCompleted => Volatile.Read(ref _completed);

    /// <summary>
    /// Consumer only: copies queued bytes (at most <paramref name="destination"/>'s length, whole
    /// frames or not: the TCP stream does not care) and frees their space. Returns the bytes copied.
    /// </summary>
    public int Drain(Span<byte> destination)
    {
        var count = Peek(destination);
        Consume(count);
        return count;
    }

    /// <summary>Consumer only: copies queued bytes, as <see cref="Drain"/> does, without freeing them.</summary>
    private int Peek(Span<byte> destination)
    {
        byte[] buffer;
        long head;
        long tail;
        lock (_gate)
        {
            // The lock only orders this read against a concurrent Grow; it is not held for the copy.
            buffer = _buffer;
            head = _head;
            tail = _tail;
        }

        var count = (int)Math.Min(head - tail, destination.Length);
        if (count == 0)
        {
            return 0;
        }

        var mask = buffer.Length - 1;
        var start = (int)(tail & mask);
        var first = Math.Min(count, buffer.Length - start);
        buffer.AsSpan(start, first).CopyTo(destination);
        buffer.AsSpan(0, count - first).CopyTo(destination[first..]);
        return count;
    }

    /// <summary>Consumer only: frees the first <paramref name="count"/> queued bytes (sent).</summary>
    private void Consume(int count)
    {
        if (count == 0)
        {
            return;
        }

        lock (_gate)
        {
            // A Grow that ran since the copy moved the same bytes to the new buffer: freeing them by
            // advancing the tail is right for either buffer.
            Volatile.Write(ref _tail, _tail + count);
        }
    }

    /// <summary>
    /// For a producer that wrote without waking (<c>wake: false</c>): if the consumer is idle, sends
    /// what is queued itself, with non-blocking sends on <paramref name="socket"/>, so the bytes leave
    /// without a thread hop; the consumer stays asleep. Whatever does not go at once (a full socket
    /// buffer, an error) is left to the consumer, woken. If the consumer is running, it finds the bytes
    /// before it waits again. Returns true when this call sent everything queued.
    /// </summary>
    /// <remarks>
    /// While the idle wait is borrowed (<c>_waiting</c> = 2) no producer wakes the consumer; each
    /// publishes its head with a full fence before it reads <c>_waiting</c>, and the borrower gives
    /// the wait back with a full fence before it reads the head again, so bytes written meanwhile are
    /// found by one side or the other (the same pairing as <see cref="WaitToReadAsync"/>'s).
    /// </remarks>
    public bool SendNowOrWake(System.Net.Sockets.Socket socket, byte[] scratch)
    {
        if (Volatile.Read(ref _waiting) != 1 || Interlocked.CompareExchange(ref _waiting, Borrowed, 1) != 1)
        {
            return false; // the consumer is running (or being woken): it drains what is queued
        }

        try
        {
            int count;
            while ((count = Peek(scratch)) > 0)
            {
                var sent = socket.Send(scratch, 0, count, System.Net.Sockets.SocketFlags.None, out var error);
                if (error != System.Net.Sockets.SocketError.Success || sent <= 0)
                {
                    HandBack();
                    return false;
                }

                Consume(sent);
                if (sent < count)
                {
                    HandBack();
                    return false;
                }
            }
        }
        catch (ObjectDisposedException)
        {
            HandBack();
            return false;
        }

        Interlocked.Exchange(ref _waiting, 1);
        if (Pending > 0 || IsCompleted)
        {
            WakeConsumer(); // written (or completed) while the wait was borrowed
            return false;
        }

        return true;
    }

    /// <summary>Wakes the consumer from a borrowed wait: it carries on with what could not be sent here.</summary>
    private void HandBack()
    {
        Interlocked.Exchange(ref _waiting, 0);
        _signal.SetResult(true);
    }

    /// <summary>
    /// Consumer only: completes when there are bytes to drain (true) or the ring is completed and
    /// empty (false).
    /// </summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        if (Pending > 0)
        {
            return new ValueTask<bool>(true);
        }

        if (IsCompleted && Pending == 0)
        {
            return new ValueTask<bool>(false);
        }

        _signal.Reset();
        Interlocked.Exchange(ref _waiting, 1);

        // Re-check after announcing the wait: a producer that published before it saw _waiting = 1
        // did not signal, so its bytes must be found here.
        if (Pending > 0 || IsCompleted)
        {
            if (Interlocked.Exchange(ref _waiting, 0) == 1)
            {
                return new ValueTask<bool>(Pending > 0);
            }

            // A producer took the wait and is signalling: consume that signal.
        }

        return new ValueTask<bool>(this, _signal.Version);
    }

    /// <summary>Wakes the idle consumer to drain what is queued (the publisher's batch end where no direct socket send is possible: TLS).</summary>
    public void Wake() => WakeConsumer();

    private void WakeConsumer()
    {
        if (Volatile.Read(ref _waiting) == 1 && Interlocked.Exchange(ref _waiting, 0) == 1)
        {
            _signal.SetResult(true);
        }
    }

    /// <summary>Doubles the ring (keeping the queued bytes in order) until it fits; false past the maximum.</summary>
    private bool Grow(long needed)
    {
        var size = (long)_buffer.Length;
        while (size < needed)
        {
            size *= 2;
        }

        if (size > _maxBytes)
        {
            return false;
        }

        var tail = Volatile.Read(ref _tail);
        var used = (int)(_head - tail);
        var old = _buffer;
        var grown = new byte[size];
        var oldMask = old.Length - 1;
        var newMask = grown.Length - 1;
        for (var i = 0; i < used;)
        {
            // Copy in runs that are contiguous in both rings.
            var from = (int)((tail + i) & oldMask);
            var to = (int)((tail + i) & newMask);
            var run = Math.Min(used - i, Math.Min(old.Length - from, grown.Length - to));
            old.AsSpan(from, run).CopyTo(grown.AsSpan(to));
            i += run;
        }

        _buffer = grown;
        return true;
    }

    bool IValueTaskSource<bool>.GetResult(short token)
    {
        _signal.GetResult(token);
        return Pending > 0 || !IsCompleted;
    }

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);
}
