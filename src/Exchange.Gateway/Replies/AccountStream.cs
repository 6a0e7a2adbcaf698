using Exchange.Gateway.Sessions;
using Exchange.Protocol.Framing;

namespace Exchange.Gateway.Replies;

/// <summary>
/// One account's outbound application stream: the next sequence number, the recent frames kept for
/// resend, and the sessions attached to it (several per account, e.g. one per trading engine and a
/// drop copy, each receiving every reply). Guarded by its own lock (the engine's publisher thread
/// appends, session threads attach and detach).
/// </summary>
/// <remarks>
/// The resend log is a ring of fixed-size slots, one frame per sequence, so keeping a reply costs a
/// copy, not an allocation. It starts small and doubles until it holds the whole window; from then on
/// the newest frame overwrites the oldest. A stream restored from a snapshot keeps the saved frames
/// where they were loaded (slices of the mapped read-model file, indexed on first use) and rings only
/// the frames after them, so a restart does not copy every account's window into fresh memory.
/// <code>
///  slot (SlotBytes = 96)
///  +----------------------------------------------+-----------+
///  | frame as sent: u16 length, type, version, body | unused    |
///  +----------------------------------------------+-----------+
///  sequence s lives in slot (s - 1) &amp; (slots - 1)
/// </code>
/// </remarks>
internal sealed class AccountStream
{
    /// <summary>Room for the largest numbered reply (OrderExecuted, 92 bytes framed).</summary>
    public const int SlotBytes = 96;

    private const int InitialSlots = 64;

    private readonly int _window;
    private readonly int _maxSlots;
    private byte[] _log;

    public AccountStream(int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        _window = window;
        _maxSlots = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)window);
        _log = new byte[Math.Min(InitialSlots, _maxSlots) * SlotBytes];
    }

    public object Gate { get; } = new();

    /// <summary>The account's balances and open orders as of <see cref="LastSequence"/> (under <see cref="Gate"/>).</summary>
    public AccountView View { get; } = new();

    public ulong LastSequence { get; private set; }

    /// <summary>The attached sessions: replaced, never changed in place, so appending walks it without a copy.</summary>
    private ClientSession[] _sessions = [];

    public int SessionCount => _sessions.Length;

    public void AddSession(ClientSession session) => _sessions = [.. _sessions, session];

    public void RemoveSession(ClientSession session)
    {
        var index = Array.IndexOf(_sessions, session);
        if (index >= 0)
        {
            _sessions = [.. _sessions.AsSpan(0, index), .. _sessions.AsSpan(index + 1)];
        }
    }

    /// <summary>Oldest sequence still kept for resend (LastSequence + 1 when nothing is kept).</summary>
    public ulong OldestKept => Math.Max(_floor, LastSequence > (ulong)_window ? LastSequence - (ulong)_window + 1 : 1);

    /// <summary>The oldest sequence this stream ever had a frame for (after a restore, the first frame restored).</summary>
    private ulong _floor = 1;

    /// <summary>Restored frames (u16 length, frame; oldest first) for sequences _floor..<see cref="_savedLast"/>; empty once they have all left the window.</summary>
    private ReadOnlyMemory<byte> _saved;

    /// <summary>Where each restored frame starts in <see cref="_saved"/>; built on first use (a resend or a save).</summary>
    private int[]? _savedOffsets;

    /// <summary>The last restored sequence: the ring holds only the sequences after it.</summary>
    private ulong _savedLast;

    private int Slots => _log.Length / SlotBytes;

    /// <summary>Numbers the next message, keeps its frame for resend and queues it to every attached session.</summary>
    public void Append<T>(in T message)
        where T : struct, IMessage<T>
    {
        var slot = NextSlot();
        var length = FrameCodec.Write(slot, message);
        foreach (var session in _sessions)
        {
            session.EnqueueReply(slot[..length]);
        }
    }

    /// <summary>Sends an unnumbered message (not kept for resend) to every attached session reading at least <paramref name="minimumVersion"/>.</summary>
    public void SendUnsequenced<T>(in T message, int minimumVersion)
        where T : struct, IMessage<T>
    {
        foreach (var session in _sessions)
        {
            if (session.ProtocolVersion >= minimumVersion)
            {
                session.Send(message);
            }
        }
    }

    /// <summary>Queues every kept frame after <paramref name="sequence"/> to <paramref name="session"/>.</summary>
    public void ResendAfter(ulong sequence, ClientSession session)
    {
        for (var s = Math.Max(sequence + 1, OldestKept); s <= LastSequence; s++)
        {
            session.EnqueueReply(Frame(s));
        }
    }

    /// <summary>The kept frame of one sequence (between <see cref="OldestKept"/> and <see cref="LastSequence"/>).</summary>
    public ReadOnlySpan<byte> Frame(ulong sequence)
    {
        if (sequence <= _savedLast)
        {
            return SavedFrame(sequence);
        }

        var slot = _log.AsSpan(SlotIndex(sequence) * SlotBytes, SlotBytes);
        return slot[..(FrameHeader.Read(slot).FrameLength)];
    }

    /// <summary>
    /// Sets the stream to a saved one: <paramref name="lastSequence"/> and the <paramref name="kept"/> frames before it,
    /// read from <paramref name="saved"/> oldest first (each a u16 length and the frame as it was sent); keeps the
    /// newest of them that fit the window, as slices of <paramref name="saved"/>. Returns what follows the frames.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // runs once, at start-up, over every kept frame: no time to tier up
    public ReadOnlyMemory<byte> Restore(ulong lastSequence, ulong kept, ReadOnlyMemory<byte> saved)
    {
        var skip = kept > (ulong)_window ? kept - (ulong)_window : 0;
        var frames = saved.Span;
        var at = 0;
        var first = 0;
        for (ulong f = 0; f < kept; f++)
        {
            if (f == skip)
            {
                first = at;
            }

            at += 2 + System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(frames[at..]);
        }

        LastSequence = lastSequence;
        _savedLast = lastSequence;
        _floor = lastSequence - (kept - skip) + 1;
        _saved = kept > skip ? saved[first..at] : default;
        _savedOffsets = null;
        return saved[at..];
    }

    private ReadOnlySpan<byte> SavedFrame(ulong sequence)
    {
        var frames = _saved.Span;
        if (_savedOffsets is null)
        {
            _savedOffsets = new int[(int)(_savedLast - _floor + 1)];
            var at = 0;
            for (var i = 0; i < _savedOffsets.Length; i++)
            {
                _savedOffsets[i] = at;
                at += 2 + System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(frames[at..]);
            }
        }

        var offset = _savedOffsets[(int)(sequence - _floor)];
        return frames.Slice(offset + 2, System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(frames[offset..]));
    }

    /// <summary>Numbers the next sequence and returns its slot, growing the log first if it would have to drop a frame the window keeps.</summary>
    private Span<byte> NextSlot()
    {
        var sequence = LastSequence + 1;
        var oldestAfter = Math.Max(_floor, sequence > (ulong)_window ? sequence - (ulong)_window + 1 : 1);
        if (!_saved.IsEmpty && oldestAfter > _savedLast)
        {
            _saved = default; // every restored frame has left the window: let the mapping go
            _savedOffsets = null;
        }

        var ringed = sequence - Math.Max(oldestAfter, _savedLast + 1) + 1;
        if (ringed > (ulong)Slots && Slots < _maxSlots)
        {
            Grow();
        }

        LastSequence = sequence;
        return _log.AsSpan(SlotIndex(sequence) * SlotBytes, SlotBytes);
    }

    private int SlotIndex(ulong sequence) => (int)((sequence - 1) & (ulong)(Slots - 1));

    /// <summary>Doubles the log, moving each kept frame to its slot in the larger ring (a sequence's slot depends on the ring's size).</summary>
    private void Grow()
    {
        var grown = new byte[Math.Min(Slots * 2, _maxSlots) * SlotBytes];
        var newMask = (ulong)(grown.Length / SlotBytes) - 1;
        for (var s = Math.Max(OldestKept, _savedLast + 1); s <= LastSequence && LastSequence != 0; s++)
        {
            _log.AsSpan(SlotIndex(s) * SlotBytes, SlotBytes).CopyTo(grown.AsSpan((int)((s - 1) & newMask) * SlotBytes, SlotBytes));
        }

        _log = grown;
    }
}
