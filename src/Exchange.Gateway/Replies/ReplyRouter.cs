using System.Buffers.Binary;
using System.Collections.Concurrent;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Engine;
using Exchange.Gateway.Sessions;
using Exchange.Protocol.Admin;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;

namespace Exchange.Gateway.Replies;

/// <summary>
/// Turns engine events into each account's numbered reply stream: a fill reaches both the taker's
/// and the maker's account. Runs on the engine's publisher thread; frames are kept per account for
/// resend and queued to the account's session, if one is attached.
/// </summary>
public sealed class ReplyRouter(int resendWindow = 100_000, OrderTracer? tracer = null) : ISnapshotSink
{
    /// <summary>The sampled orders' spans, opened by the sessions and closed here when their first reply is routed.</summary>
    internal OrderTracer? Tracer => tracer;

    /// <summary>A LastSeenSequence of all ones asks for no resend: live messages only.</summary>
    public const ulong LiveOnly = ulong.MaxValue;

    private readonly ConcurrentDictionary<long, AccountStream> _streams = new();
    private readonly ConcurrentDictionary<ClientSession, byte> _admins = new();
    private readonly ConcurrentDictionary<ClientSession, byte> _listeners = new();

    /// <summary>The replies and market data the batch queued leave now, one write per session (<see cref="Sessions.PublisherSends"/>).</summary>
    public void OnBatchEnd() => Sessions.PublisherSends.FlushAll();

    public void OnEvent(in Event e, bool endOfBatch)
    {
        var ts = e.Timestamp;
        var engineSequence = (ulong)e.Sequence;
        AccountStream stream;
        switch (e.Type)
        {
            case EventType.OrderAccepted:
                tracer?.Replied(e);
                stream = StreamOf(e.AccountId);
                lock (stream.Gate)
                {
                    stream.View.Apply(e);
                    stream.Append(new OrderAccepted(stream.LastSequence + 1, engineSequence, ts, (ulong)e.OrderId, (ulong)e.ClientOrderId, (uint)e.InstrumentId, (byte)e.Side, 0, 0, e.Price, e.Quantity));
                }

                break;
            case EventType.OrderRejected when e.AccountId > 0:
                tracer?.Replied(e);
                stream = StreamOf(e.AccountId);
                lock (stream.Gate)
                {
                    stream.Append(new OrderRejected(stream.LastSequence + 1, engineSequence, ts, (ulong)e.ClientOrderId, (ulong)e.OrderId, (ushort)e.Reason, (byte)e.CommandType, 0));
                }

                break;
            case EventType.TradeExecuted:
                stream = StreamOf(e.AccountId);
                lock (stream.Gate)
                {
                    stream.View.Apply(e);
                    stream.Append(new OrderExecuted(stream.LastSequence + 1, engineSequence, ts, (ulong)e.OrderId, (ulong)e.ClientOrderId, (ulong)e.TradeId, e.Price, e.Quantity, e.Leaves, e.TakerFee, 2, (byte)e.Side, 0, (uint)e.InstrumentId));
                }

                var makerSide = e.Side == Side.Buy ? Side.Sell : Side.Buy;
                stream = StreamOf(e.MakerAccountId);
                lock (stream.Gate)
                {
                    stream.View.OnMakerFill(e.MakerOrderId, e.MakerLeaves);
                    stream.Append(new OrderExecuted(stream.LastSequence + 1, engineSequence, ts, (ulong)e.MakerOrderId, (ulong)e.MakerClientOrderId, (ulong)e.TradeId, e.Price, e.Quantity, e.MakerLeaves, e.MakerFee, 1, (byte)makerSide, 0, (uint)e.InstrumentId));
                }

                break;
            case EventType.OrderCanceled or EventType.OrderExpired:
                var expired = e.Type == EventType.OrderExpired ? (byte)1 : (byte)0;
                stream = StreamOf(e.AccountId);
                lock (stream.Gate)
                {
                    stream.View.Apply(e);
                    stream.Append(new OrderCanceled(stream.LastSequence + 1, engineSequence, ts, (ulong)e.OrderId, (ulong)e.ClientOrderId, e.Quantity, (byte)e.CancelReason, expired, 0, (uint)e.InstrumentId));
                }

                break;
            case EventType.OrderReplaced:
                stream = StreamOf(e.AccountId);
                lock (stream.Gate)
                {
                    stream.View.Apply(e);
                    stream.Append(new OrderReplaced(stream.LastSequence + 1, engineSequence, ts, (ulong)e.OrderId, (ulong)e.ClientOrderId, e.Price, e.Leaves));
                }

                break;
            case EventType.OrderReduced:
                stream = StreamOf(e.AccountId);
                lock (stream.Gate)
                {
                    stream.View.Apply(e);
                    stream.Append(new OrderReduced(stream.LastSequence + 1, engineSequence, ts, (ulong)e.OrderId, (ulong)e.ClientOrderId, e.Price, e.Leaves, e.Quantity,
                        (uint)e.InstrumentId, (byte)e.CancelReason, 0, 0));
                }

                break;
            case EventType.MassCancelCompleted:
                stream = StreamOf(e.AccountId);
                lock (stream.Gate)
                {
                    stream.SendUnsequenced(new MassCancelDone(0, engineSequence, ts, (ulong)e.ClientOrderId, (uint)e.InstrumentId, (uint)Math.Min(e.Quantity, uint.MaxValue)), minimumVersion: 3);
                }

                break;
            case EventType.OrderTriggered:
                stream = StreamOf(e.AccountId);
                lock (stream.Gate)
                {
                    stream.View.Apply(e);
                    stream.Append(new OrderTriggered(stream.LastSequence + 1, engineSequence, ts, (ulong)e.OrderId, (ulong)e.ClientOrderId, (uint)e.InstrumentId, (byte)e.Side, (byte)e.OrderType, 0, e.Price, e.StopPrice, e.Leaves));
                }

                break;
            case EventType.BalanceChanged:
                var cause = e.CommandType switch { Core.Commands.CommandType.Deposit => 1u, Core.Commands.CommandType.Withdraw => 2u, _ => 3u };
                stream = StreamOf(e.AccountId);
                lock (stream.Gate)
                {
                    stream.View.Apply(e);
                    stream.Append(new BalanceUpdate(stream.LastSequence + 1, engineSequence, ts, (uint)e.AssetId, cause, e.Quantity, e.Available, e.Held));
                }

                if (cause != 3)
                {
                    ToAdmins(e);
                }

                break;
            case EventType.InstrumentAdded or EventType.InstrumentHalted or EventType.InstrumentResumed:
                ToAdmins(e);
                ToEverySession(e);
                break;
            case EventType.AccountAdded or EventType.AdminRejected:
                ToAdmins(e);
                break;
        }
    }

    /// <summary>Version 2 adds each account's balances and open orders; a version 1 file is not read (the engine rebuilds from the journal).</summary>
    public string StateName => "reply-streams-2";

    /// <summary>
    /// Every account's last sequence and the frames kept for resend, byte for byte, so resend works across a restart.
    /// Called on the publisher thread, the streams' only writer: sized exactly in a first pass, then written.
    /// </summary>
    public byte[] SaveState()
    {
        var streams = _streams.ToArray();
        long size = 4;
        foreach (var (_, stream) in streams)
        {
            lock (stream.Gate)
            {
                size += 24 + stream.View.SavedSize;
                for (var s = stream.OldestKept; s <= stream.LastSequence; s++)
                {
                    size += 2 + stream.Frame(s).Length;
                }
            }
        }

        var state = new byte[size];
        var at = state.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(at, streams.Length);
        at = at[4..];
        foreach (var (account, stream) in streams)
        {
            lock (stream.Gate)
            {
                var oldest = stream.OldestKept;
                BinaryPrimitives.WriteInt64LittleEndian(at, account);
                BinaryPrimitives.WriteUInt64LittleEndian(at[8..], stream.LastSequence);
                BinaryPrimitives.WriteUInt64LittleEndian(at[16..], stream.LastSequence - oldest + 1);
                at = at[24..];
                for (var s = oldest; s <= stream.LastSequence; s++)
                {
                    var frame = stream.Frame(s);
                    BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)frame.Length);
                    frame.CopyTo(at[2..]);
                    at = at[(2 + frame.Length)..];
                }

                at = at[stream.View.Save(at)..];
            }
        }

        return state;
    }

    /// <summary>Restores every account's stream; the kept frames stay slices of <paramref name="state"/> (not copied).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // runs once, at start-up, over every kept frame: no time to tier up
    public void LoadState(ReadOnlyMemory<byte> state)
    {
        _streams.Clear();
        var count = BinaryPrimitives.ReadInt32LittleEndian(state.Span);
        state = state[4..];
        for (var i = 0; i < count; i++)
        {
            var header = state.Span;
            var account = BinaryPrimitives.ReadInt64LittleEndian(header);
            var last = BinaryPrimitives.ReadUInt64LittleEndian(header[8..]);
            var kept = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
            var stream = new AccountStream(resendWindow);
            state = stream.Restore(last, kept, state[24..]);
            state = state[stream.View.Load(state.Span)..];
            _streams[account] = stream;
        }
    }

    /// <summary>
    /// Attaches a session to its account's stream: calls <paramref name="accepted"/> with the sequence of
    /// the next message the client will receive, then queues everything after <paramref name="lastSeen"/>.
    /// The check that the account has fewer than <paramref name="maxSessions"/> sessions and the attach are
    /// one step under the stream's lock, so parallel logins can never exceed it.
    /// </summary>
    internal AttachResult Attach(long account, ClientSession session, ulong lastSeen, Action<ulong> accepted, out ulong nextSequence, int maxSessions = 1)
    {
        var stream = StreamOf(account);
        lock (stream.Gate)
        {
            nextSequence = stream.LastSequence + 1;
            if (stream.SessionCount >= maxSessions)
            {
                return AttachResult.AlreadyAttached;
            }

            if (lastSeen == LiveOnly)
            {
                lastSeen = stream.LastSequence; // the client wants no history, only what happens from now on
            }

            if (lastSeen > stream.LastSequence || (lastSeen < stream.LastSequence && lastSeen + 1 < stream.OldestKept))
            {
                return AttachResult.ResendWindowExceeded;
            }

            // Under the lock, so no live reply can slip in between the acceptance and the resent messages.
            accepted(lastSeen + 1);
            stream.ResendAfter(lastSeen, session);

            stream.AddSession(session);
            return AttachResult.Attached;
        }
    }

    internal void Detach(long account, ClientSession session)
    {
        if (_streams.TryGetValue(account, out var stream))
        {
            lock (stream.Gate)
            {
                stream.RemoveSession(session);
            }
        }
    }

    /// <summary>The frames kept for an account after <paramref name="sequence"/> (what a resend would send).</summary>
    internal IReadOnlyList<byte[]> KeptAfter(long account, ulong sequence)
    {
        if (!_streams.TryGetValue(account, out var stream))
        {
            return [];
        }

        lock (stream.Gate)
        {
            var frames = new List<byte[]>();
            for (var s = Math.Max(sequence + 1, stream.OldestKept); s <= stream.LastSequence; s++)
            {
                frames.Add(stream.Frame(s).ToArray());
            }

            return frames;
        }
    }

    /// <summary>
    /// Runs <paramref name="answer"/> on the account's read model under its stream's lock: the answer reflects
    /// exactly the replies numbered so far, and what it sends is queued after them.
    /// </summary>
    internal void Read(long account, Action<AccountView, ulong> answer)
    {
        var stream = StreamOf(account);
        lock (stream.Gate)
        {
            answer(stream.View, stream.LastSequence);
        }
    }

    internal void AddAdmin(ClientSession session) => _admins.TryAdd(session, 0);

    internal void RemoveAdmin(ClientSession session) => _admins.TryRemove(session, out _);

    /// <summary>Registers a logged-in session of protocol version 3 or later for the pushed reference-data changes.</summary>
    internal void AddListener(ClientSession session) => _listeners.TryAdd(session, 0);

    internal void RemoveListener(ClientSession session) => _listeners.TryRemove(session, out _);

    /// <summary>
    /// Admin results are unsequenced and go to every admin session that is connected; sessions of protocol
    /// version 3 get version 2, which names the command's <c>ClientMessageId</c>.
    /// </summary>
    private void ToAdmins(in Event e)
    {
        if (_admins.IsEmpty)
        {
            return;
        }

        var result = new AdminResult(0, (ulong)e.Sequence, (byte)e.Type, 0, (ushort)e.Reason, (ulong)Math.Max(0, e.AccountId),
            (uint)Math.Max(0, e.InstrumentId), (uint)Math.Max(0, e.AssetId), e.Quantity, e.Available, e.Held);
        foreach (var (session, _) in _admins)
        {
            SendAdminResult(session, result, (ulong)e.ClientOrderId);
        }
    }

    /// <summary>An admin result in the version the session reads: version 2 (with the command's id) from protocol version 3.</summary>
    internal static void SendAdminResult(ClientSession session, in AdminResult result, ulong clientMessageId)
    {
        if (session.ProtocolVersion >= 3)
        {
            session.Send(new AdminResultV2(result.Sequence, result.EngineSequence, result.Event, 0, result.Reason, result.Account, result.Instrument,
                result.Asset, result.Amount, result.Available, result.Held, clientMessageId));
        }
        else
        {
            session.Send(result);
        }
    }

    /// <summary>An instrument added, halted or resumed, pushed to every session that reads protocol version 3.</summary>
    private void ToEverySession(in Event e)
    {
        var (status, change) = e.Type switch
        {
            EventType.InstrumentAdded => ((byte)1, (byte)1),
            EventType.InstrumentHalted => ((byte)2, (byte)2),
            _ => ((byte)1, (byte)3),
        };
        var message = new InstrumentStatusChanged((ulong)e.Sequence, e.Timestamp, (uint)e.InstrumentId, status, change, 0, e.Type == EventType.InstrumentAdded ? e.Price : 0);
        foreach (var (session, _) in _listeners)
        {
            session.Send(message);
        }
    }

    /// <summary>The account's stream; created on its first message (a lookup, no allocation, after that).</summary>
    private AccountStream StreamOf(long account) =>
        _streams.TryGetValue(account, out var stream) ? stream : _streams.GetOrAdd(account, static (_, window) => new AccountStream(window), resendWindow);
}
