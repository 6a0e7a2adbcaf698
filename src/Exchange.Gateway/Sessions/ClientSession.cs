using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using Exchange.Core.Commands;
using Exchange.Core.Orders;
using Exchange.Engine;
using Exchange.Gateway.Accounts;
using Exchange.Gateway.MarketData;
using Exchange.Gateway.Replies;
using Exchange.Protocol.Admin;
using Exchange.Protocol.Framing;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Queries;
using Exchange.Protocol.Session;
using Microsoft.Extensions.Logging;

namespace Exchange.Gateway.Sessions;

/// <summary>
/// One TCP connection: reads frames from a pipe, logs in, turns order messages into engine
/// commands on the session's own account, and writes replies from a queue in batches (one flush
/// per batch). Anything malformed ends only this session, with a reason.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer; it is cancelled, never disposed, because the router may still signal a closing session.")]
internal sealed class ClientSession : IAnonymousConnection
{
    private readonly Socket _socket;
    private readonly GatewayOptions _options;
    private readonly CredentialStore _credentials;
    private readonly ExchangeEngine _engine;
    private readonly ReplyRouter _router;
    private readonly MarketDataHub? _marketData;
    private readonly ILogger _logger;
    private readonly OutboundFrames _outbound;
    private readonly GatewayMetrics? _metrics;
    private string? _peerText;
    private readonly ConnectionBudget _budget;
    private readonly LoginGuard _logins;

    /// <summary>When the receive loop's current read returned, for the engine's stage trace (0 when it traces nothing).</summary>
    private long _readAt;

    /// <summary>The peer's address, read once: the budget and the login guard key on it.</summary>
    private readonly System.Net.IPAddress? _peer;
    private int _anonymous = 1;

    /// <summary>The anonymous slot this connection holds until it logs in or ends (null once given back).</summary>
    private LinkedListNode<IAnonymousConnection>? _slot;

    /// <summary>
    /// 0: no complete Login yet; 1: its login waits for its turn or the tarpit; 3: its secret is being hashed;
    /// 2: evicted to make room. Only 0 and 1 may be evicted: a flood of guesses waiting in the tarpit must not
    /// hold every anonymous slot, but a check under way is never thrown away.
    /// </summary>
    private int _loginState;
    private readonly ThrottleGate _throttle;
    private readonly CancellationTokenSource _closing = new();
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The admin command code that asks for a snapshot (not an engine command: never journaled).</summary>
    private const byte SnapshotCommand = (byte)AdminAction.TakeSnapshot;
    private static long _sessionIds;
    private long _account;
    private bool _cancelOnDisconnect;

    /// <summary>Logged in with the market-data-only flag: no reply stream, no order entry, queries or admin.</summary>
    private bool _marketDataOnly;
    private bool _isAdmin;

    /// <summary>The session rules the client logged in with: 1, or 2 (advanced orders: v2 open-order reports).</summary>
    private ushort _protocolVersion;
    private long _lastReceived = Environment.TickCount64;
    private long _lastSent = Environment.TickCount64;
    private bool _outboundClosed;
    private int _slowConsumer;

    /// <summary>In the engine publisher's current batch's flush list (<see cref="PublisherSends"/>); that thread's alone.</summary>
    private bool _markedForFlush;

    /// <summary>Outbound bytes queued and not yet sent (for the metrics).</summary>
    public long QueuedBytes => _outbound.Pending;

    // budget: the anonymous slot this connection was admitted with; released at login or at the end.
    public ClientSession(Socket socket, GatewayOptions options, CredentialStore credentials, ExchangeEngine engine, ReplyRouter router, MarketDataHub? marketData,
        ConnectionBudget budget, LoginGuard logins, ILogger logger, GatewayMetrics? metrics = null)
    {
        _metrics = metrics;
        _budget = budget;
        _logins = logins;
        _peer = (socket.RemoteEndPoint as System.Net.IPEndPoint)?.Address;
        _marketData = marketData;
        _socket = socket;
        _options = options;
        _credentials = credentials;
        _engine = engine;
        _router = router;
        _logger = logger;
        _throttle = new ThrottleGate(options.ThrottleRatePerSecond, options.ThrottleBurst, options.ExpensiveRequestsPerSecond,
            options.ExpensiveRequestsBurst, options.ThrottleDisconnectAfter);
        _outbound = new OutboundFrames(Math.Max(options.PreLoginQueueBytes, Protocol.Framing.FrameCodec.DefaultMaxFrame)); // raised at login
    }

    public long Account => _account;

    /// <inheritdoc/>
    public System.Net.IPAddress? Peer => _peer;

    /// <summary>The anonymous slot the gateway took for this connection before building it; given back at login or at the end.</summary>
    public void Admitted(LinkedListNode<IAnonymousConnection> slot) => _slot = slot;

    /// <inheritdoc/>
    public bool TryEvict()
    {
        if (Interlocked.CompareExchange(ref _loginState, 2, 0) != 0 && Interlocked.CompareExchange(ref _loginState, 2, 1) != 1)
        {
            return false;
        }

        // Told why (LoginRejected 5, as at the cap), queued before anything can close the queue, then closed;
        // the cancellation's callbacks run on the pool, not under the budget's lock.
        GatewayLog.AnonymousEvicted(_logger, PeerText);
        _metrics?.Login("evicted");
        RejectLogin(LoginRejectReason.TooManyConnections);
        _ = _closing.CancelAsync();
        return true;
    }

    /// <summary>The session rules the client logged in with (set before its reply stream is attached).</summary>
    public ushort ProtocolVersion => _protocolVersion;

    /// <summary>
    /// Queues a numbered reply, in the form the session's protocol version reads: before version 3 an
    /// <c>OrderReduced</c> goes out as the <c>OrderReplaced</c> its first 56 bytes are, with the same sequence.
    /// </summary>
    public void EnqueueReply(ReadOnlySpan<byte> frame)
    {
        if (_protocolVersion < 3 && frame.Length >= FrameHeader.Size + OrderReplaced.BodySize && frame[2] == (byte)MessageType.OrderReduced)
        {
            Span<byte> replaced = stackalloc byte[FrameHeader.Size + OrderReplaced.BodySize];
            frame.Slice(FrameHeader.Size, OrderReplaced.BodySize).CopyTo(replaced[FrameHeader.Size..]);
            FrameHeader.Write(replaced, OrderReplaced.Type, OrderReplaced.Version, OrderReplaced.BodySize);
            Enqueue(replaced);
            return;
        }

        Enqueue(frame);
    }

    /// <summary>Queues an encoded frame for sending; a session whose queue is full is ended as a slow consumer.</summary>
    public void Enqueue(ReadOnlySpan<byte> frame)
    {
        if (!_outbound.TryWrite(frame, wake: !PublisherSends.Defer(this)))
        {
            OnQueueRefused();
        }
    }

    /// <summary>Encodes a message straight into the session's queue; a full queue ends the session as a slow consumer.</summary>
    public void Send<T>(in T message)
        where T : struct, IMessage<T>
    {
        if (!_outbound.TryWrite(message, wake: !PublisherSends.Defer(this)))
        {
            OnQueueRefused();
        }
    }

    /// <summary>Publisher thread only: true the first time in a batch (the session joins the batch's flush list).</summary>
    internal bool MarkForFlush()
    {
        if (_markedForFlush)
        {
            return false;
        }

        _markedForFlush = true;
        return true;
    }

    /// <summary>Publisher thread only, at the batch's end: what the batch queued leaves now (<see cref="OutboundFrames.SendNowOrWake"/>).</summary>
    internal void FlushFromPublisher(byte[] scratch)
    {
        _markedForFlush = false;
        if (_options.Tls is not null)
        {
            _outbound.Wake(); // the bytes must go through the TLS stream: its sender writes them
            return;
        }

        if (_outbound.SendNowOrWake(_socket, scratch)) // socket errors come back as codes: the sender, woken, meets them and ends the session
        {
            Volatile.Write(ref _lastSent, Environment.TickCount64);
        }
    }

    private void OnQueueRefused()
    {
        // A completed queue means the session is ending: late replies are dropped (they stay in the resend log).
        if (!Volatile.Read(ref _outboundClosed) && !_closing.IsCancellationRequested && Interlocked.Exchange(ref _slowConsumer, 1) == 0)
        {
            GatewayLog.SlowConsumer(_logger, _account, PeerText);
            _metrics?.SessionEnded("SlowConsumer");

            // The caller is a producer (the engine's publisher, inside the market-data lock): cancelling
            // inline would run the session's teardown on its thread. The thread pool does it instead.
            ThreadPool.UnsafeQueueUserWorkItem(static session => session._closing.Cancel(), this, preferLocal: false);
        }
    }

    public void Close() => _closing.Cancel();

    /// <summary>Tells the client why the session ends (after whatever replies are already queued), then closes it.</summary>
    public void Close(SessionEndReason reason)
    {
        if (!Volatile.Read(ref _outboundClosed))
        {
            End(reason);
        }

        Close();
    }

    private void CloseOutbound()
    {
        Volatile.Write(ref _outboundClosed, true);
        _outbound.Complete();
    }

    public async Task RunAsync()
    {
        await using var network = new NetworkStream(_socket, ownsSocket: true);
        _socket.Blocking = false; // after the stream's check: its async reads and writes do not care, and the publisher's direct sends must never block
        var deadline = LoginDeadlineAsync(); // the TLS handshake counts against the login deadline too
        var sending = Task.CompletedTask;
        var heartbeats = Task.CompletedTask;
        SslStream? tls = null;
        PipeReader? reader = null;
        try
        {
            Stream stream = network;
            if (_options.Tls is { } settings)
            {
                tls = new SslStream(network, leaveInnerStreamOpen: true);
                await tls.AuthenticateAsServerAsync(settings.ServerOptions(), _closing.Token).ConfigureAwait(false);
                stream = tls;
            }

            sending = SendLoopAsync(stream);
            heartbeats = HeartbeatLoopAsync();
            reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            await ReceiveLoopAsync(reader).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Security.Authentication.AuthenticationException)
        {
            GatewayLog.TlsHandshakeFailed(_logger, PeerText, ex.Message);
            _metrics?.Login("tls_failed");
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away or we are closing: nothing to report beyond the end of the session.
        }
        finally
        {
            LeaveAnonymous();
            _marketData?.Unsubscribe(this);
            _router.RemoveAdmin(this);
            _router.RemoveListener(this);
            if (_account != 0 && !_marketDataOnly)
            {
                _router.Detach(_account, this);
                if (_cancelOnDisconnect)
                {
                    _engine.Submit(Command.MassCancel(_account));
                }
            }

            CloseOutbound();
            await _closing.CancelAsync().ConfigureAwait(false);

            // What is queued (a SessionEnded, say) gets a moment to leave; a peer that does not read
            // (a slow consumer) would hold the send forever, so the socket is then cut under it.
            var lingerUntil = Environment.TickCount64 + (long)DrainTimeout.TotalMilliseconds;
            if (await Task.WhenAny(sending, Task.Delay(DrainTimeout)).ConfigureAwait(false) != sending)
            {
                _socket.Close(0);
            }
            else if (_account != 0)
            {
                // Only a logged-in session has replies to protect; a refused or never-authenticated connection
                // (a login flood, an idle socket) is not held open any longer than before.
                await DiscardUntilPeerClosesAsync(lingerUntil).ConfigureAwait(false);
            }

            await Task.WhenAll(sending, heartbeats, deadline).ConfigureAwait(false);
            try
            {
                if (reader is not null)
                {
                    await reader.CompleteAsync().ConfigureAwait(false);
                }

                if (tls is not null)
                {
                    await tls.DisposeAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task ReceiveLoopAsync(PipeReader reader)
    {
        var scratch = new byte[_options.MaxFrameBytes];
        while (!_closing.IsCancellationRequested)
        {
            var result = await reader.ReadAsync(_closing.Token).ConfigureAwait(false);
            _readAt = _engine.TracesStages ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
            var buffer = result.Buffer;
            while (true)
            {
                // Frames are small: read the header from a contiguous copy when the buffer is segmented.
                var span = buffer.IsSingleSegment ? buffer.FirstSpan : Copy(buffer, scratch);
                var status = FrameCodec.TryRead(span, _options.MaxFrameBytes, out var header);
                if (status == FrameStatus.Incomplete)
                {
                    break;
                }

                if (status != FrameStatus.Complete)
                {
                    End(status == FrameStatus.TooLarge ? SessionEndReason.FrameTooLarge : SessionEndReason.MalformedFrame);
                    reader.AdvanceTo(buffer.End);
                    return;
                }

                if (_account == 0)
                {
                    // The password check must not hold this thread: read the login, let go of the
                    // buffer (what follows stays unexamined), and check it asynchronously.
                    if (!TryReadLogin(span[..header.FrameLength], header, out var login) || Interlocked.CompareExchange(ref _loginState, 1, 0) == 2)
                    {
                        reader.AdvanceTo(buffer.End);
                        return; // not a login, or this connection was evicted to make room before its login arrived
                    }

                    reader.AdvanceTo(buffer.Slice(header.FrameLength).Start);
                    if (!await LoginAsync(login).ConfigureAwait(false))
                    {
                        return;
                    }

                    goto NextRead;
                }

                Volatile.Write(ref _lastReceived, Environment.TickCount64); // only a logged-in session's traffic keeps it alive
                if (!Handle(span[..header.FrameLength], header))
                {
                    reader.AdvanceTo(buffer.End);
                    return;
                }

                buffer = buffer.Slice(header.FrameLength);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return;
            }

        NextRead:;
        }
    }

    private static ReadOnlySpan<byte> Copy(ReadOnlySequence<byte> buffer, byte[] scratch)
    {
        var length = (int)Math.Min(buffer.Length, scratch.Length);
        buffer.Slice(0, length).CopyTo(scratch);
        return scratch.AsSpan(0, length);
    }

    /// <summary>Handles one complete frame of a logged-in session; returns false when the session must end.</summary>
    private bool Handle(ReadOnlySpan<byte> frame, FrameHeader header)
    {
        if (header.Type != MessageType.Logout)
        {
            switch (_throttle.Admit(header.Type))
            {
                case ThrottleVerdict.Throttled:
                    Reject(header.Type, ProtocolRejectReason.Throttled, ThrottleGate.ClientMessageIdOf(frame, header));
                    return true;
                case ThrottleVerdict.Disconnect:
                    _logins.LockOut(_account); // logging straight back in to flood again is refused for a while
                    End(SessionEndReason.ThrottleExceeded);
                    return false;
            }
        }

        switch (header.Type)
        {
            case MessageType.ClientHeartbeat:
                return true;
            case MessageType.Logout:
                End(SessionEndReason.Logout);
                return false;
            case MessageType.NewOrder or MessageType.CancelOrder or MessageType.ReplaceOrder or MessageType.MassCancel
                or MessageType.AdminCommand or MessageType.QueryBalances or MessageType.QueryOpenOrders when _marketDataOnly:
                Reject(header.Type, ProtocolRejectReason.NotAllowed, ThrottleGate.ClientMessageIdOf(frame, header));
                return true;
            case MessageType.NewOrder or MessageType.CancelOrder or MessageType.ReplaceOrder or MessageType.MassCancel:
                return HandleOrderEntry(frame, header);
            case MessageType.AdminCommand:
                return HandleAdmin(frame, header);
            case MessageType.QueryBalances or MessageType.QueryOpenOrders:
                return HandleQuery(frame, header);
            case MessageType.QueryInstruments:
                return HandleInstrumentQuery(frame, header);
            case MessageType.QueryAssets:
                return HandleAssetQuery(frame, header);
            case MessageType.Subscribe:
                if (_marketData is null || !FrameCodec.TryReadBody<Subscribe>(frame, header, out var subscribe))
                {
                    Reject(header.Type, _marketData is null ? ProtocolRejectReason.NotAllowed : SizeOrVersion(header), 0);
                    return true;
                }

                var instrument = (int)Math.Min(subscribe.Instrument, int.MaxValue);
                if (_protocolVersion >= 3 && !_marketData.IsListed(instrument))
                {
                    Reject(header.Type, ProtocolRejectReason.UnknownInstrument, 0); // older sessions get the empty book they always got
                    return true;
                }

                _marketData.Subscribe(this, instrument, Math.Clamp((int)subscribe.Depth, 1, 1_000));
                return true;
            case MessageType.Unsubscribe:
                if (_marketData is null || !FrameCodec.TryReadBody<Unsubscribe>(frame, header, out var unsubscribe))
                {
                    Reject(header.Type, _marketData is null ? ProtocolRejectReason.NotAllowed : SizeOrVersion(header), 0);
                    return true;
                }

                _marketData.Unsubscribe(this, (int)Math.Min(unsubscribe.Instrument, int.MaxValue));
                return true;
            default:
                Reject(header.Type, ProtocolRejectReason.UnknownMessageType, 0);
                return true;
        }
    }

    /// <summary>The first frame must be a valid Login: anything else is answered and ends the connection.</summary>
    private bool TryReadLogin(ReadOnlySpan<byte> frame, FrameHeader header, out Login login)
    {
        if (FrameCodec.TryReadBody(frame, header, out login))
        {
            return true;
        }

        // Before login only a valid Login counts: anything else ends the connection, so an
        // anonymous peer can make the server neither answer at length nor queue for it.
        Reject(header.Type, header.Type == MessageType.Login ? SizeOrVersion(header) : ProtocolRejectReason.NotLoggedIn, 0);
        _budget.RecordViolation(_peer);
        CloseOutbound();
        return false;
    }

    private async Task<bool> LoginAsync(Login login)
    {
        if (login.ProtocolVersion is not (1 or 2 or 3))
        {
            return RejectLogin(LoginRejectReason.UnsupportedProtocolVersion);
        }

        AccountCredentials? credentials = null;
        var account = (long)Math.Min(login.Account, long.MaxValue);
        var (allowed, inAccountNetwork) = _credentials.Admits(account, _peer);
        if (!allowed)
        {
            // Outside the networks the account may use: refused unchecked, and only this address pays for it.
            _logins.FailAddress(_peer);
            GatewayLog.LoginOutsideNetworks(_logger, account, PeerText);
            _metrics?.Login("refused");
            return RejectLogin(LoginRejectReason.NotAuthorized);
        }

        var check = login.Account is 0 or > long.MaxValue ? LoginCheck.Failed
            : await _logins.CheckAsync(_peer, account, () => Interlocked.CompareExchange(ref _loginState, 3, 1) == 1
                    ? _credentials.TryAuthenticate(account, login.Secret, out credentials)
                    : throw new OperationCanceledException("evicted while its login waited"), _closing.Token, inAccountNetwork)
                .ConfigureAwait(false);
        switch (check)
        {
            case LoginCheck.Deferred:
                GatewayLog.LoginDeferred(_logger, account, PeerText);
                _metrics?.Login("deferred");
                return RejectLogin(LoginRejectReason.LockedOut);
            case LoginCheck.Failed:
                GatewayLog.LoginRefused(_logger, account, PeerText, _logins.DelayFor(_peer).TotalMilliseconds);
                _metrics?.Login("refused");
                return RejectLogin(LoginRejectReason.NotAuthorized);
        }

        return Attach(login, credentials!);
    }

    private bool Attach(in Login login, AccountCredentials credentials)
    {
        var account = (long)login.Account;
        var heartbeat = (uint)_options.HeartbeatInterval.TotalMilliseconds;
        var sessionId = (ulong)Interlocked.Increment(ref _sessionIds);
        _outbound.RaiseLimit(_options.MaxQueuedBytes); // before the resend is queued
        _protocolVersion = login.ProtocolVersion; // before the resend, which is written in the version's form
        ulong nextSequence = 0;
        if (((LoginOptions)login.Flags).HasFlag(LoginOptions.MarketDataOnly))
        {
            _marketDataOnly = true; // no reply stream to attach to: market data only, beside any order-entry sessions
            Send(new LoginAccepted(sessionId, 0, heartbeat));
        }
        else
        {
            switch (_router.Attach(account, this, login.LastSeenSequence, next => Send(new LoginAccepted(sessionId, next, heartbeat)), out nextSequence, _options.MaxSessionsPerAccount))
            {
                case AttachResult.AlreadyAttached:
                    return RejectLogin(LoginRejectReason.AlreadyLoggedIn);
                case AttachResult.ResendWindowExceeded:
                    return RejectLogin(LoginRejectReason.ResendWindowExceeded);
            }
        }

        _account = account;
        Volatile.Write(ref _lastReceived, Environment.TickCount64);
        LeaveAnonymous();
        _cancelOnDisconnect = !_marketDataOnly && ((LoginOptions)login.Flags).HasFlag(LoginOptions.CancelOnDisconnect);
        _isAdmin = credentials.IsAdmin && !_marketDataOnly;
        if (_isAdmin)
        {
            _router.AddAdmin(this);
        }

        if (_protocolVersion >= 3)
        {
            _router.AddListener(this);
        }

        GatewayLog.LoggedIn(_logger, account, PeerText, login.LastSeenSequence, nextSequence);
        _metrics?.Login("accepted");
        return true;
    }

    /// <summary>Gives back the anonymous slot once (at login, or at the end of a connection that never logged in).</summary>
    private void LeaveAnonymous()
    {
        if (Interlocked.Exchange(ref _anonymous, 0) == 1 && Interlocked.Exchange(ref _slot, null) is { } slot)
        {
            _budget.Release(slot);
        }
    }

    /// <summary>A connection that has not logged in by the deadline is told so and closed.</summary>
    private async Task LoginDeadlineAsync()
    {
        try
        {
            await Task.Delay(_options.LoginTimeout, _closing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (Volatile.Read(ref _anonymous) == 1)
        {
            GatewayLog.LoginTimedOut(_logger, PeerText);
            _metrics?.Login("timed_out");
            _budget.RecordViolation(_peer);
            RejectLogin(LoginRejectReason.LoginTimeout);
            await _closing.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The peer's address as logged (formatted once: protocol rejects under a flood log it per message).</summary>
    private string PeerText => _peerText ??= _peer?.ToString() ?? "unknown";

    private bool RejectLogin(LoginRejectReason reason)
    {
        Send(new LoginRejected((ushort)reason));
        CloseOutbound();
        return false;
    }

    private bool HandleOrderEntry(ReadOnlySpan<byte> frame, FrameHeader header)
    {
        Command command;
        switch (header.Type)
        {
            case MessageType.NewOrder when FrameCodec.TryReadBody<NewOrder>(frame, header, out var o):
                command = PlaceCommand(NewOrderV2.From(o));
                break;
            case MessageType.NewOrder when FrameCodec.TryReadBody<NewOrderV2>(frame, header, out var o2):
                command = PlaceCommand(o2);
                break;
            case MessageType.CancelOrder when FrameCodec.TryReadBody<CancelOrder>(frame, header, out var c):
                command = new Command { Type = CommandType.CancelOrder, AccountId = _account, OrderId = (long)c.OrderId, ClientOrderId = (long)c.ClientOrderId };
                break;
            case MessageType.ReplaceOrder when FrameCodec.TryReadBody<ReplaceOrder>(frame, header, out var r):
                command = new Command { Type = CommandType.ReplaceOrder, AccountId = _account, OrderId = (long)r.OrderId, ClientOrderId = (long)r.ClientOrderId, Price = r.Price, Quantity = r.Quantity };
                break;
            case MessageType.ReplaceOrder when FrameCodec.TryReadBody<ReplaceOrderV2>(frame, header, out var r2):
                command = new Command
                {
                    Type = CommandType.ReplaceOrder, AccountId = _account, OrderId = (long)r2.OrderId, ClientOrderId = (long)r2.ClientOrderId,
                    Price = r2.Price, Quantity = r2.Quantity, StopPrice = r2.StopPrice,
                };
                break;
            case MessageType.MassCancel when FrameCodec.TryReadBody<MassCancel>(frame, header, out var m):
                // The message id rides in the command's client order id, so the completion and any reject can name the request.
                command = new Command { Type = CommandType.MassCancel, AccountId = _account, InstrumentId = (int)Math.Min(m.Instrument, int.MaxValue), ClientOrderId = (long)m.ClientMessageId };
                break;
            default:
                Reject(header.Type, SizeOrVersion(header), ThrottleGate.ClientMessageIdOf(frame, header));
                return true;
        }

        // The engine validates everything else (ranges, ownership, balances) and answers with a reject event.
        return SubmitOrAnswer(command, frame, header);
    }

    /// <summary>
    /// Hands a command to the engine without waiting: a full input ring is answered with Busy (the
    /// session stays, the client may send again), a stopped engine ends the session with the reason.
    /// </summary>
    private bool SubmitOrAnswer(in Command command, ReadOnlySpan<byte> frame, FrameHeader header)
    {
        var traced = command.Type == CommandType.PlaceOrder ? _router.Tracer : null;
        traced?.Received(command.AccountId, command.ClientOrderId, command.InstrumentId);
        switch (_engine.TrySubmit(command, _readAt))
        {
            case SubmitResult.Accepted:
                return true;
            case SubmitResult.BackPressured:
                traced?.NotSubmitted(command.AccountId, command.ClientOrderId, "busy");
                Reject(header.Type, ProtocolRejectReason.Busy, ThrottleGate.ClientMessageIdOf(frame, header));
                return true;
            default:
                traced?.NotSubmitted(command.AccountId, command.ClientOrderId, "engine not accepting");
                End(NotAcceptingReason);
                return false;
        }
    }

    /// <summary>Why the engine refused a command: it is stopping, or it failed.</summary>
    private SessionEndReason NotAcceptingReason => _engine.Fault is null ? SessionEndReason.ServerShutdown : SessionEndReason.EngineFailed;

    /// <summary>A new order of either version as the engine command (version 1 reads as version 2 with the new fields zero).</summary>
    private Command PlaceCommand(in NewOrderV2 o) => new()
    {
        Type = CommandType.PlaceOrder, AccountId = _account, InstrumentId = (int)Math.Min(o.Instrument, int.MaxValue),
        ClientOrderId = (long)o.ClientOrderId, Side = (Side)o.Side, OrderType = (OrderType)o.OrderType, TimeInForce = (TimeInForce)o.TimeInForce,
        SelfTradePrevention = (SelfTradePrevention)o.SelfTradePrevention, PostOnly = (o.Flags & 1) != 0, Price = o.Price, Quantity = o.Quantity,
        ProtectionPrice = o.ProtectionPrice, StopPrice = o.StopPrice, DisplayQuantity = o.DisplayQuantity, ExpireTime = o.ExpireTime,
        QuoteAmount = o.QuoteAmount,
    };

    /// <summary>NewOrder and ReplaceOrder come in versions 1 and 2; the other order-entry messages in version 1.</summary>
    /// <summary>Why a frame of a known type could not be read: a version the protocol does not document (2), or the wrong size for it (3).</summary>
    private static ProtocolRejectReason SizeOrVersion(FrameHeader header) =>
        IsKnownVersion(header) ? ProtocolRejectReason.WrongBodySize : ProtocolRejectReason.UnsupportedVersion;

    private static bool IsKnownVersion(FrameHeader header) =>
        header.Version == 1 || (header.Version == 2 && header.Type is MessageType.NewOrder or MessageType.ReplaceOrder);

    /// <summary>
    /// Reference data, answered like the other queries (at a command boundary on the business-logic thread,
    /// not journaled; unsequenced reports). Allowed to market-data-only sessions too: it is public.
    /// </summary>
    private bool HandleInstrumentQuery(ReadOnlySpan<byte> frame, FrameHeader header)
    {
        if (!FrameCodec.TryReadBody<QueryInstruments>(frame, header, out var query))
        {
            Reject(header.Type, SizeOrVersion(header), ThrottleGate.ClientMessageIdOf(frame, header));
            return true;
        }

        var id = query.ClientMessageId;
        var only = (int)Math.Min(query.Instrument, int.MaxValue);
        _ = _engine.QueryAsync(e => e.GetInstruments()).ContinueWith(t =>
        {
            if (!t.IsCompletedSuccessfully)
            {
                return;
            }

            var answer = new List<Core.Queries.InstrumentView>();
            foreach (var view in t.Result)
            {
                if (only == 0 || view.Spec.Id == only)
                {
                    answer.Add(view);
                }
            }

            if (answer.Count == 0)
            {
                Send(new InstrumentReport(id, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, string.Empty));
            }

            for (var i = 0; i < answer.Count; i++)
            {
                var (spec, view) = (answer[i].Spec, answer[i]);
                Send(new InstrumentReport(id, (uint)spec.Id, (byte)view.Status, i == answer.Count - 1 ? (byte)2 : (byte)0, 0, (uint)spec.BaseAsset, (uint)spec.QuoteAsset,
                    spec.TickSize, spec.LotSize, spec.MinQuantity, spec.MaxQuantity, view.BandLow, view.BandHigh, view.LastTradePrice, spec.MakerFeeBps, spec.Symbol));
            }
        }, TaskScheduler.Default);
        return true;
    }

    /// <summary>The configured assets (reference data the gateway holds; no engine round trip). Public, so market-data-only sessions may ask.</summary>
    private bool HandleAssetQuery(ReadOnlySpan<byte> frame, FrameHeader header)
    {
        if (!FrameCodec.TryReadBody<QueryAssets>(frame, header, out var query))
        {
            Reject(header.Type, SizeOrVersion(header), ThrottleGate.ClientMessageIdOf(frame, header));
            return true;
        }

        var assets = _options.Assets;
        if (assets.Count == 0)
        {
            Send(new AssetReport(query.ClientMessageId, 0, 2, 0, 0, string.Empty));
        }

        for (var i = 0; i < assets.Count; i++)
        {
            Send(new AssetReport(query.ClientMessageId, (uint)assets[i].Id, i == assets.Count - 1 ? (byte)2 : (byte)0, (byte)assets[i].Decimals, 0, assets[i].Symbol));
        }

        return true;
    }

    /// <summary>Admin commands go through the journal like any command; only admin accounts may send them.</summary>
    private bool HandleAdmin(ReadOnlySpan<byte> frame, FrameHeader header)
    {
        if (!_isAdmin)
        {
            Reject(header.Type, ProtocolRejectReason.NotAllowed, ThrottleGate.ClientMessageIdOf(frame, header));
            return true;
        }

        if (!FrameCodec.TryReadBody<AdminCommand>(frame, header, out var a))
        {
            Reject(header.Type, SizeOrVersion(header), ThrottleGate.ClientMessageIdOf(frame, header));
            return true;
        }

        var account = (long)Math.Min(a.Account, long.MaxValue);
        var instrument = (int)Math.Min(a.Instrument, int.MaxValue);
        var asset = (int)Math.Min(a.Asset, int.MaxValue);
        Command? command = a.Command switch
        {
            (byte)CommandType.AddInstrument => Command.AddInstrument(new Core.Instruments.InstrumentSpec(instrument, a.Symbol,
                (int)Math.Min(a.BaseAsset, int.MaxValue), (int)Math.Min(a.QuoteAsset, int.MaxValue), a.TickSize, a.LotSize, a.MinQuantity, a.MaxQuantity,
                a.StartPrice, a.PriceBandTicks, a.PriceBandBps, a.MakerFeeBps, a.TakerFeeBps)),
            (byte)CommandType.HaltInstrument => Command.Halt(instrument),
            (byte)CommandType.ResumeInstrument => Command.Resume(instrument),

            // Onboarding: the secret (in the symbol field) is hashed here; only the hash is journaled.
            (byte)CommandType.AddAccount => Command.AddAccount(account, a.Symbol.Length == 0 ? null : AccountCredentials.HashSecret(a.Symbol)),
            (byte)CommandType.Deposit => Command.Deposit(account, asset, a.Amount),
            (byte)CommandType.Withdraw => Command.Withdraw(account, asset, a.Amount),
            _ => null,
        };

        if (a.Command == SnapshotCommand)
        {
            var id = a.ClientMessageId;
            _ = _engine.RequestSnapshotAsync().ContinueWith(
                t => ReplyRouter.SendAdminResult(this, new AdminResult(0, (ulong)t.Result, SnapshotCommand, 0, 0, 0, 0, 0, 0, 0, 0), id),
                CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            return true;
        }

        if (command is null)
        {
            Reject(header.Type, ProtocolRejectReason.NotAllowed, a.ClientMessageId);
            return true;
        }

        var withId = command.Value;
        withId.ClientOrderId = (long)a.ClientMessageId; // echoed in the admin result
        return SubmitOrAnswer(withId, frame, header);
    }

    /// <summary>
    /// Answers a balance or open-order query from the gateway's read model of the account (built from the
    /// engine's events, not on the business-logic thread): the reports reflect exactly the replies numbered
    /// before them and follow those replies on the wire. Unsequenced.
    /// </summary>
    private bool HandleQuery(ReadOnlySpan<byte> frame, FrameHeader header)
    {
        if (header.Type == MessageType.QueryBalances && FrameCodec.TryReadBody<QueryBalances>(frame, header, out var balances))
        {
            var id = balances.ClientMessageId;
            _router.Read(_account, (view, _) =>
            {
                var list = view.Balances();
                if (list.Count == 0)
                {
                    Send(new BalanceReport(0, id, 0, 2, 0, 0, 0, 0));
                }

                for (var i = 0; i < list.Count; i++)
                {
                    Send(new BalanceReport(0, id, (uint)list[i].Asset, i == list.Count - 1 ? (byte)2 : (byte)0, 0, 0, list[i].Available, list[i].Held));
                }
            });
            return true;
        }

        if (header.Type == MessageType.QueryOpenOrders && FrameCodec.TryReadBody<QueryOpenOrders>(frame, header, out var orders))
        {
            var id = orders.ClientMessageId;
            var instrument = (int)Math.Min(orders.Instrument, int.MaxValue);
            _router.Read(_account, (view, _) =>
            {
                var list = view.Orders(instrument);
                if (list.Count == 0 && _protocolVersion >= 2)
                {
                    Send(new OpenOrderReportV2(0, id, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0));
                }
                else if (list.Count == 0)
                {
                    Send(new OpenOrderReport(0, id, 0, 0, 0, 0, 2, 0, 0, 0, 0));
                }

                for (var i = 0; i < list.Count; i++)
                {
                    var o = list[i];
                    var flags = i == list.Count - 1 ? (byte)2 : (byte)0;
                    if (_protocolVersion >= 2)
                    {
                        Send(new OpenOrderReportV2(0, id, (ulong)o.OrderId, (ulong)o.ClientOrderId, (uint)o.Instrument, (byte)o.Side, flags,
                            o.Price, o.Quantity, o.Leaves, (byte)o.OrderType, (byte)o.TimeInForce, o.StopPrice, o.DisplayQuantity, o.ExpireTime));
                    }
                    else
                    {
                        Send(new OpenOrderReport(0, id, (ulong)o.OrderId, (ulong)o.ClientOrderId, (uint)o.Instrument, (byte)o.Side, flags, 0, o.Price, o.Quantity, o.Leaves));
                    }
                }
            });
            return true;
        }

        Reject(header.Type, SizeOrVersion(header), ThrottleGate.ClientMessageIdOf(frame, header));
        return true;
    }

    private void Reject(MessageType type, ProtocolRejectReason reason, ulong clientMessageId)
    {
        GatewayLog.ProtocolRejected(_logger, _account, PeerText, (byte)type, reason.ToString());
        _metrics?.ProtocolReject(reason.ToString());
        Send(new ProtocolReject((byte)type, 0, (ushort)reason, clientMessageId));
    }

    private void End(SessionEndReason reason)
    {
        GatewayLog.SessionEnded(_logger, _account, PeerText, reason.ToString());
        _metrics?.SessionEnded(reason.ToString());
        Send(new SessionEnded((ushort)reason));
        CloseOutbound();
    }

    /// <summary>
    /// Drains the queue into the socket: everything queued (up to one batch buffer) goes out in one
    /// write, so a burst of replies costs one syscall. The batch buffer and the socket's cached
    /// awaitable make a send allocation-free.
    /// </summary>
    private async Task SendLoopAsync(Stream stream)
    {
        var batch = new byte[_options.SendBatchBytes];
        try
        {
            while (await _outbound.WaitToReadAsync().ConfigureAwait(false))
            {
                int count;
                while ((count = _outbound.Drain(batch)) > 0)
                {
                    await stream.WriteAsync(batch.AsMemory(0, count), CancellationToken.None).ConfigureAwait(false);
                }

                Volatile.Write(ref _lastSent, Environment.TickCount64);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            if (stream is SslStream tls)
            {
                try
                {
                    await tls.ShutdownAsync().ConfigureAwait(false); // close_notify before the FIN: the client can tell an end from a cut
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
                {
                }
            }

            try
            {
                _socket.Shutdown(SocketShutdown.Send); // FIN after the last reply; the receive side closes in DiscardUntilPeerClosesAsync
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }

            _closing.Cancel();
        }
    }

    /// <summary>
    /// The lingering close: after the FIN, reads and drops what the client still sends until it closes
    /// too, or until <paramref name="deadline"/>. Closing a socket with unread input makes the kernel
    /// answer with a reset, and a reset makes the client's kernel drop the replies it has received but
    /// its application has not read yet: a client still sending when the server stops would lose the
    /// tail of its reply stream (resent on its next login, but only within the resend window).
    /// </summary>
    private async Task DiscardUntilPeerClosesAsync(long deadline)
    {
        var left = deadline - Environment.TickCount64;
        if (left <= 0)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(left));
        var sink = new byte[4096];
        try
        {
            while (await _socket.ReceiveAsync(sink, SocketFlags.None, timeout.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Reset, already closed, or still sending at the deadline: close now.
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        var interval = _options.HeartbeatInterval;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                await Task.Delay(interval, _closing.Token).ConfigureAwait(false);
                var now = Environment.TickCount64;
                if (_account != 0 && now - Volatile.Read(ref _lastReceived) > 3 * interval.TotalMilliseconds) // before login the login deadline rules
                {
                    End(SessionEndReason.HeartbeatTimeout);
                    return;
                }

                if (_account != 0 && now - Volatile.Read(ref _lastSent) >= interval.TotalMilliseconds)
                {
                    Send(new ServerHeartbeat());
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
