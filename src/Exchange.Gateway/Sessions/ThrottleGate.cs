using System.Buffers.Binary;
using System.Diagnostics;
using Exchange.Protocol.Framing;

namespace Exchange.Gateway.Sessions;

/// <summary>What a session does with an inbound frame after the throttle has looked at it.</summary>
internal enum ThrottleVerdict
{
    Pass,

    /// <summary>Refused with a Throttled reject; the session stays.</summary>
    Throttled,

    /// <summary>Too many refused within one second: the session is ended.</summary>
    Disconnect,
}

/// <summary>
/// Every inbound frame of a logged-in session (Logout aside) pays a token: order entry, queries,
/// subscriptions, heartbeats and unknown types alike. Requests that make the server send many
/// messages back (a market-data snapshot, a query's reports) also pay from a small second bucket, so
/// no request type amplifies a flood. Refused frames are counted per one-second window; a window
/// with <c>disconnectAfter</c> of them ends the session — a trickle of refills cannot reset it.
/// </summary>
internal sealed class ThrottleGate(int ratePerSecond, int burst, int expensivePerSecond, int expensiveBurst, int disconnectAfter)
{
    private readonly TokenBucket _frames = new(ratePerSecond, burst);
    private readonly TokenBucket _expensive = new(expensivePerSecond, expensiveBurst);
    private long _windowStart = Stopwatch.GetTimestamp();
    private int _refusedInWindow;

    public ThrottleVerdict Admit(MessageType type)
    {
        if (_frames.TryTake() && (!IsExpensive(type) || _expensive.TryTake()))
        {
            return ThrottleVerdict.Pass;
        }

        var now = Stopwatch.GetTimestamp();
        if (now - _windowStart >= Stopwatch.Frequency)
        {
            _windowStart = now;
            _refusedInWindow = 0;
        }

        return ++_refusedInWindow >= disconnectAfter ? ThrottleVerdict.Disconnect : ThrottleVerdict.Throttled;
    }

    /// <summary>The client's id of a refused message, for the types that carry one (first field of the body), else 0.</summary>
    public static ulong ClientMessageIdOf(ReadOnlySpan<byte> frame, FrameHeader header) =>
        header.Type is MessageType.NewOrder or MessageType.CancelOrder or MessageType.ReplaceOrder or MessageType.MassCancel
            or MessageType.AdminCommand or MessageType.QueryBalances or MessageType.QueryOpenOrders or MessageType.QueryInstruments
            or MessageType.QueryAssets
        && header.BodyLength >= 8 && frame.Length >= FrameHeader.Size + 8
            ? BinaryPrimitives.ReadUInt64LittleEndian(frame[FrameHeader.Size..])
            : 0;

    private static bool IsExpensive(MessageType type) => type is MessageType.Subscribe or MessageType.QueryBalances or MessageType.QueryOpenOrders or MessageType.QueryInstruments or MessageType.QueryAssets;
}
