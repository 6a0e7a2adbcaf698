using System.Net.Sockets;
using System.Threading.Channels;
using Exchange.Protocol.Admin;
using Exchange.Protocol.Framing;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Queries;
using Exchange.Protocol.Session;

namespace Exchange.Client;

/// <summary>
/// A .NET client session: connects, logs in, sends order messages and delivers every server
/// message, in order, on <see cref="Messages"/>. Keeps the last application sequence it received,
/// so a new client can log in with it and receive what it missed.
/// </summary>
/// <remarks>First version: no automatic reconnect yet (reconnect by creating a new client with <see cref="LastSequence"/>).</remarks>
public sealed class ExchangeClient : IAsyncDisposable
{
    private const int MaxFrame = FrameCodec.DefaultMaxFrame;
    private TcpClient _tcp;
    private NetworkStream _stream = null!;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<ServerMessage> _messages = Channel.CreateUnbounded<ServerMessage>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _sendBuffer = new byte[MaxFrame];
    private Task? _receiveLoop;
    private Task? _heartbeatLoop;
    private long _lastSequence;
    private ulong _nextClientMessageId = 1;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, LocalBook> _books = new();
    private string _host = string.Empty;
    private int _port;
    private string _secret = string.Empty;
    private bool _cancelOnDisconnect;
    private bool _marketDataOnly;

    /// <summary>Login flags: bit 0 cancel on disconnect, bit 1 market data only (docs/protocol.md).</summary>
    private byte LoginFlags => (byte)((_cancelOnDisconnect ? 1 : 0) | (_marketDataOnly ? 2 : 0));
    private bool _autoReconnect;
    private ushort _protocolVersion = 3;
    private readonly SemaphoreSlim _connected = new(0, int.MaxValue);

    private ExchangeClient(TcpClient tcp) => _tcp = tcp;

    public long Account { get; private set; }

    /// <summary>The last application sequence received (replies carry one per account).</summary>
    public long LastSequence => Interlocked.Read(ref _lastSequence);

    public LoginAccepted Session { get; private set; }

    /// <summary>Every message after the login, in arrival order; completes when the connection closes.</summary>
    public ChannelReader<ServerMessage> Messages => _messages.Reader;

    /// <summary>Pass as the last seen sequence to receive no history, only what happens after the login.</summary>
    public const long LiveOnly = -1;

    /// <param name="host">Server host.</param>
    /// <param name="port">Server port.</param>
    /// <param name="account">Account id.</param>
    /// <param name="secret">Account secret.</param>
    /// <param name="lastSeenSequence">Last application sequence already received (0 = none; <see cref="LiveOnly"/> = no history).</param>
    /// <param name="cancelOnDisconnect">Ask the server to cancel the account's orders when this session ends.</param>
    /// <param name="autoReconnect">After a dropped connection, log in again with the last sequence seen and carry on (missed messages are resent).</param>
    /// <param name="protocolVersion">Session rules to ask for: 3 (default: adds OrderReduced, MassCancelDone, AdminResult v2 and pushed instrument changes), 2 (advanced orders, v2 open-order reports) or 1.</param>
    /// <param name="marketDataOnly">A market-data-only session: subscriptions only, no order entry, no replies; beside the account's trading sessions.</param>
    /// <param name="cancellationToken">Cancels the connect and login.</param>
    public static async Task<ExchangeClient> ConnectAsync(string host, int port, long account, string secret,
        long lastSeenSequence = 0, bool cancelOnDisconnect = false, bool autoReconnect = false, ushort protocolVersion = 3,
        bool marketDataOnly = false, CancellationToken cancellationToken = default)
    {
        var tcp = new TcpClient { NoDelay = true };
        var client = new ExchangeClient(tcp)
        {
            Account = account, _lastSequence = Math.Max(0, lastSeenSequence), _host = host, _port = port, _secret = secret,
            _cancelOnDisconnect = cancelOnDisconnect, _autoReconnect = autoReconnect, _protocolVersion = protocolVersion, _marketDataOnly = marketDataOnly,
        };
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            client._stream = tcp.GetStream();
            var lastSeen = lastSeenSequence == LiveOnly ? ulong.MaxValue : (ulong)lastSeenSequence;
            await client.SendAsync(new Login((ulong)account, protocolVersion, client.LoginFlags, 0, lastSeen, secret)).ConfigureAwait(false);
            var first = await client.ReadFrameAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new IOException("The server closed the connection during login.");
            switch (first.Message)
            {
                case LoginAccepted accepted:
                    client.Session = accepted;
                    break;
                case LoginRejected rejected:
                    throw new LoginRejectedException(rejected.Reason);
                default:
                    throw new IOException($"Unexpected {first.Type} during login.");
            }

            client._receiveLoop = client.ReceiveLoopAsync();
            client._heartbeatLoop = client.HeartbeatLoopAsync(TimeSpan.FromMilliseconds(Math.Max(50, client.Session.HeartbeatMillis)));
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public Task PlaceLimitAsync(long clientOrderId, int instrument, byte side, long price, long quantity, byte timeInForce = 1, byte selfTradePrevention = 0, bool postOnly = false) =>
        SendAsync(new NewOrder(_nextClientMessageId++, (ulong)clientOrderId, (uint)instrument, side, 1, timeInForce, selfTradePrevention, postOnly ? (byte)1 : (byte)0, 0, 0, price, quantity, 0));

    public Task PlaceMarketAsync(long clientOrderId, int instrument, byte side, long quantity, long protectionPrice = 0) =>
        SendAsync(new NewOrder(_nextClientMessageId++, (ulong)clientOrderId, (uint)instrument, side, 2, 2, 0, 0, 0, 0, 0, quantity, protectionPrice));

    /// <summary>A stop-market order: a market order once the last trade reaches <paramref name="stopPrice"/> (buy: at or above; sell: at or below).</summary>
    public Task PlaceStopAsync(long clientOrderId, int instrument, byte side, long stopPrice, long quantity, long protectionPrice = 0, byte timeInForce = 1,
        long expireTime = 0, byte selfTradePrevention = 0) =>
        SendAsync(new NewOrderV2(_nextClientMessageId++, (ulong)clientOrderId, (uint)instrument, side, 3, timeInForce, selfTradePrevention, 0,
            0, quantity, protectionPrice, stopPrice, 0, expireTime, 0));

    /// <summary>A stop-limit order: a limit order at <paramref name="price"/> once the last trade reaches <paramref name="stopPrice"/>.</summary>
    public Task PlaceStopLimitAsync(long clientOrderId, int instrument, byte side, long stopPrice, long price, long quantity, byte timeInForce = 1,
        long expireTime = 0, long displayQuantity = 0, byte selfTradePrevention = 0) =>
        SendAsync(new NewOrderV2(_nextClientMessageId++, (ulong)clientOrderId, (uint)instrument, side, 4, timeInForce, selfTradePrevention, 0,
            price, quantity, 0, stopPrice, displayQuantity, expireTime, 0));

    /// <summary>
    /// A limit order with the version 2 fields: an iceberg (<paramref name="displayQuantity"/> &gt; 0),
    /// good-till-date (time in force 4 with <paramref name="expireTime"/>) or day (time in force 5).
    /// </summary>
    public Task PlaceLimitV2Async(long clientOrderId, int instrument, byte side, long price, long quantity, byte timeInForce = 1, long displayQuantity = 0,
        long expireTime = 0, byte selfTradePrevention = 0, bool postOnly = false) =>
        SendAsync(new NewOrderV2(_nextClientMessageId++, (ulong)clientOrderId, (uint)instrument, side, 1, timeInForce, selfTradePrevention, postOnly ? (byte)1 : (byte)0,
            price, quantity, 0, 0, displayQuantity, expireTime, 0));

    /// <summary>
    /// Buys for a quote amount (fees included): a market order, or an IOC limit at <paramref name="limitPrice"/> &gt; 0.
    /// <paramref name="maxQuantity"/> 0 leaves the quantity to the amount.
    /// </summary>
    public Task PlaceQuoteAmountAsync(long clientOrderId, int instrument, long quoteAmount, long limitPrice = 0, long maxQuantity = 0, byte selfTradePrevention = 0) =>
        SendAsync(new NewOrderV2(_nextClientMessageId++, (ulong)clientOrderId, (uint)instrument, 1, limitPrice > 0 ? (byte)1 : (byte)2, 2, selfTradePrevention, 0,
            limitPrice, maxQuantity, 0, 0, 0, 0, quoteAmount));

    /// <summary>Changes a stop that has not fired: stop price, limit price (0 for a stop-market) and quantity.</summary>
    public Task ReplaceStopAsync(long orderId, long stopPrice, long price, long quantity) =>
        SendAsync(new ReplaceOrderV2(_nextClientMessageId++, (ulong)orderId, 0, price, quantity, stopPrice));

    public Task CancelAsync(long orderId, long clientOrderId = 0) => SendAsync(new CancelOrder(_nextClientMessageId++, (ulong)orderId, (ulong)clientOrderId));

    public Task ReplaceAsync(long orderId, long price, long quantity) => SendAsync(new ReplaceOrder(_nextClientMessageId++, (ulong)orderId, 0, price, quantity));

    public Task MassCancelAsync(int instrument = 0) => SendAsync(new MassCancel(_nextClientMessageId++, (uint)instrument, 0));

    public Task LogoutAsync() => SendAsync(new Logout());

    /// <summary>Reconnections made after dropped connections.</summary>
    public int Reconnects { get; private set; }

    /// <summary>Subscribes to an instrument and returns its local book, kept up to date (and re-synchronised after gaps) by the receive loop.</summary>
    /// <summary>Stops an instrument's market data (0: all of this session's); a local book of it stops following.</summary>
    public Task UnsubscribeAsync(int instrument) => SendAsync(new Unsubscribe((uint)instrument, 0));

    public async Task<LocalBook> SubscribeBookAsync(int instrument, int depth = 100)
    {
        var book = _books.GetOrAdd(instrument, i => new LocalBook(i));
        await SendAsync(new Subscribe((uint)instrument, (ushort)Math.Clamp(depth, 1, 1_000), 0)).ConfigureAwait(false);
        return book;
    }

    /// <summary>
    /// Reference data of every instrument (or one): tick, lot, quantity limits, the prices the band accepts now,
    /// status. Like the other queries, it waits by skipping other messages: call it before trading, not during.
    /// </summary>
    public async Task<IReadOnlyList<InstrumentReport>> QueryInstrumentsAsync(TimeSpan timeout, int instrument = 0)
    {
        var id = _nextClientMessageId++;
        await SendAsync(new QueryInstruments(id, (uint)instrument, 0)).ConfigureAwait(false);
        return await CollectAsync(id, () => WaitForAsync<InstrumentReport>(timeout), static r => (r.ClientMessageId, r.Instrument != 0, r.Flags)).ConfigureAwait(false);
    }

    /// <summary>The venue's assets (id, symbol, decimals). Waits like the other queries: call it before trading, not during.</summary>
    public async Task<IReadOnlyList<AssetReport>> QueryAssetsAsync(TimeSpan timeout)
    {
        var id = _nextClientMessageId++;
        await SendAsync(new QueryAssets(id)).ConfigureAwait(false);
        return await CollectAsync(id, () => WaitForAsync<AssetReport>(timeout), static r => (r.ClientMessageId, r.Asset != 0, r.Flags)).ConfigureAwait(false);
    }

    /// <summary>The account's balances (reads the message stream until the answer is complete; other messages are skipped).</summary>
    public async Task<IReadOnlyList<BalanceReport>> QueryBalancesAsync(TimeSpan timeout)
    {
        var id = _nextClientMessageId++;
        await SendAsync(new QueryBalances(id)).ConfigureAwait(false);
        return await CollectAsync(id, () => WaitForAsync<BalanceReport>(timeout), static r => (r.ClientMessageId, r.Asset != 0, r.Flags)).ConfigureAwait(false);
    }

    /// <summary>
    /// The reports answering query <paramref name="id"/>, up to the one flagged last (bit 1); an empty answer's
    /// single placeholder report (no item) is not returned. Reports of other queries are skipped.
    /// </summary>
    private static async Task<IReadOnlyList<T>> CollectAsync<T>(ulong id, Func<Task<T>> next, Func<T, (ulong Id, bool HasItem, byte Flags)> read)
    {
        var reports = new List<T>();
        while (true)
        {
            var report = await next().ConfigureAwait(false);
            var (answers, hasItem, flags) = read(report);
            if (answers != id)
            {
                continue;
            }

            if (hasItem)
            {
                reports.Add(report);
            }

            if ((flags & 2) != 0)
            {
                return reports;
            }
        }
    }

    /// <summary>The account's open orders, on one instrument or (0) all.</summary>
    /// <remarks>Version 1 sessions get version 1 reports, shown here with the version 2 fields zero.</remarks>
    public async Task<IReadOnlyList<OpenOrderReportV2>> QueryOpenOrdersAsync(TimeSpan timeout, int instrument = 0)
    {
        var id = _nextClientMessageId++;
        await SendAsync(new QueryOpenOrders(id, (uint)instrument, 0)).ConfigureAwait(false);
        return await CollectAsync(id, async () => _protocolVersion >= 2
                ? await WaitForAsync<OpenOrderReportV2>(timeout).ConfigureAwait(false)
                : OpenOrderReportV2.From(await WaitForAsync<OpenOrderReport>(timeout).ConfigureAwait(false)),
            static r => (r.ClientMessageId, r.OrderId != 0, r.Flags)).ConfigureAwait(false);
    }

    /// <summary>Sends any protocol message (also raw frames in tests through <see cref="SendRawAsync"/>).</summary>
    public async Task SendAsync<T>(T message)
        where T : struct, IMessage<T>
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var length = FrameCodec.Write(_sendBuffer, message);
            await _stream.WriteAsync(_sendBuffer.AsMemory(0, length)).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Writes bytes as they are: for tests of how the server treats malformed input.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Waits for the next message of type <typeparamref name="T"/>, skipping others (heartbeats, ...).</summary>
    public async Task<T> WaitForAsync<T>(TimeSpan timeout)
        where T : struct, IMessage<T>
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var message = await _messages.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
            if (message.Type == T.Type)
            {
                return (T)message.Message;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _tcp.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        if (_heartbeatLoop is not null)
        {
            await _heartbeatLoop.ConfigureAwait(false);
        }

        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                try
                {
                    while (await ReadFrameAsync(_stop.Token).ConfigureAwait(false) is { } message)
                    {
                        await HandleAsync(message).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is IOException or SocketException)
                {
                }

                if (!_autoReconnect || _stop.IsCancellationRequested || !await ReconnectAsync().ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    private async Task HandleAsync(ServerMessage message)
    {
        var sequence = SequenceOf(message.Message);
        if (sequence > 0)
        {
            if (sequence <= (ulong)Interlocked.Read(ref _lastSequence))
            {
                return; // already delivered before a reconnect
            }

            Interlocked.Exchange(ref _lastSequence, (long)sequence);
        }

        var resync = message.Message switch
        {
            BookLevel level when _books.TryGetValue((int)level.Instrument, out var book) => !book.Apply(level) ? book : null,
            PublicTrade trade when _books.TryGetValue((int)trade.Instrument, out var book) => !book.Apply(trade) ? book : null,
            _ => null,
        };
        if (resync is not null)
        {
            await SendAsync(new Subscribe((uint)resync.Instrument, 1_000, 0)).ConfigureAwait(false);
        }

        await _messages.Writer.WriteAsync(message).ConfigureAwait(false);
    }

    /// <summary>Logs in again with the last sequence seen (backing off up to 2 s); resubscribes the local books.</summary>
    private async Task<bool> ReconnectAsync()
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
                var tcp = new TcpClient { NoDelay = true };
                await tcp.ConnectAsync(_host, _port, _stop.Token).ConfigureAwait(false);
                _tcp.Dispose();
                _tcp = tcp;
                _stream = tcp.GetStream();
                await SendAsync(new Login((ulong)Account, _protocolVersion, LoginFlags, 0, (ulong)Interlocked.Read(ref _lastSequence), _secret)).ConfigureAwait(false);
                var first = await ReadFrameAsync(_stop.Token).ConfigureAwait(false);
                if (first?.Message is LoginAccepted accepted)
                {
                    Session = accepted;
                    Reconnects++;
                    foreach (var book in _books.Values)
                    {
                        await SendAsync(new Subscribe((uint)book.Instrument, 1_000, 0)).ConfigureAwait(false);
                    }

                    return true;
                }

                tcp.Dispose();
                if (first?.Message is LoginRejected rejected && !((LoginRejectReason)rejected.Reason).IsTransient())
                {
                    return false; // a wrong secret or a lost resend window will not change by retrying
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(2_000, delay.TotalMilliseconds * 2));
        }

        return false;
    }

    private async Task HeartbeatLoopAsync(TimeSpan interval)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
                await SendAsync(new ClientHeartbeat()).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private readonly byte[] _header = new byte[FrameHeader.Size];
    private readonly byte[] _frame = new byte[MaxFrame];

    private async Task<ServerMessage?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        if (await _stream.ReadAtLeastAsync(_header, FrameHeader.Size, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < FrameHeader.Size)
        {
            return null;
        }

        var header = FrameHeader.Read(_header);
        if (header.FrameLength > MaxFrame || header.Length < FrameHeader.TypeAndVersion)
        {
            throw new IOException($"Bad frame from the server (length {header.Length}).");
        }

        _header.CopyTo(_frame, 0);
        await _stream.ReadExactlyAsync(_frame.AsMemory(FrameHeader.Size, header.BodyLength), cancellationToken).ConfigureAwait(false);
        return Decode(_frame, header);
    }

    private static ServerMessage Decode(ReadOnlySpan<byte> frame, FrameHeader header) => header.Type switch
    {
        MessageType.LoginAccepted when FrameCodec.TryReadBody<LoginAccepted>(frame, header, out var m) => new(header.Type, m),
        MessageType.LoginRejected when FrameCodec.TryReadBody<LoginRejected>(frame, header, out var m) => new(header.Type, m),
        MessageType.ServerHeartbeat => new(header.Type, new ServerHeartbeat()),
        MessageType.SessionEnded when FrameCodec.TryReadBody<SessionEnded>(frame, header, out var m) => new(header.Type, m),
        MessageType.ProtocolReject when FrameCodec.TryReadBody<ProtocolReject>(frame, header, out var m) => new(header.Type, m),
        MessageType.OrderAccepted when FrameCodec.TryReadBody<OrderAccepted>(frame, header, out var m) => new(header.Type, m),
        MessageType.OrderRejected when FrameCodec.TryReadBody<OrderRejected>(frame, header, out var m) => new(header.Type, m),
        MessageType.OrderExecuted when FrameCodec.TryReadBody<OrderExecuted>(frame, header, out var m) => new(header.Type, m),
        MessageType.OrderCanceled when FrameCodec.TryReadBody<OrderCanceled>(frame, header, out var m) => new(header.Type, m),
        MessageType.OrderReplaced when FrameCodec.TryReadBody<OrderReplaced>(frame, header, out var m) => new(header.Type, m),
        MessageType.BookLevel when FrameCodec.TryReadBody<BookLevel>(frame, header, out var m) => new(header.Type, m),
        MessageType.PublicTrade when FrameCodec.TryReadBody<PublicTrade>(frame, header, out var m) => new(header.Type, m),
        MessageType.TopOfBook when FrameCodec.TryReadBody<TopOfBook>(frame, header, out var m) => new(header.Type, m),
        MessageType.AdminResult when FrameCodec.TryReadBody<AdminResult>(frame, header, out var m) => new(header.Type, m),
        MessageType.BalanceUpdate when FrameCodec.TryReadBody<BalanceUpdate>(frame, header, out var m) => new(header.Type, m),
        MessageType.BalanceReport when FrameCodec.TryReadBody<BalanceReport>(frame, header, out var m) => new(header.Type, m),
        MessageType.InstrumentReport when FrameCodec.TryReadBody<InstrumentReport>(frame, header, out var m) => new(header.Type, m),
        MessageType.OpenOrderReport when FrameCodec.TryReadBody<OpenOrderReport>(frame, header, out var m) => new(header.Type, m),
        MessageType.OpenOrderReport when FrameCodec.TryReadBody<OpenOrderReportV2>(frame, header, out var m) => new(header.Type, m),
        MessageType.OrderTriggered when FrameCodec.TryReadBody<OrderTriggered>(frame, header, out var m) => new(header.Type, m),
        MessageType.OrderReduced when FrameCodec.TryReadBody<OrderReduced>(frame, header, out var m) => new(header.Type, m),
        MessageType.MassCancelDone when FrameCodec.TryReadBody<MassCancelDone>(frame, header, out var m) => new(header.Type, m),
        MessageType.AdminResult when FrameCodec.TryReadBody<AdminResultV2>(frame, header, out var m) => new(header.Type, m),
        MessageType.InstrumentStatusChanged when FrameCodec.TryReadBody<InstrumentStatusChanged>(frame, header, out var m) => new(header.Type, m),
        MessageType.AssetReport when FrameCodec.TryReadBody<AssetReport>(frame, header, out var m) => new(header.Type, m),
        _ when IsKnownLayout(header) => throw new IOException($"Malformed {header.Type} v{header.Version} from the server ({header.BodyLength} bytes)."),
        _ => new(header.Type, new UnknownMessage(header.Type, header.Version, header.BodyLength)),
    };

    /// <summary>The (type, version) pairs this client decodes: a frame of one of them that failed to decode is damage, anything else is newer than this client.</summary>
    private static bool IsKnownLayout(FrameHeader header) => header.Type switch
    {
        MessageType.LoginAccepted or MessageType.LoginRejected or MessageType.ServerHeartbeat or MessageType.SessionEnded or MessageType.ProtocolReject
            or MessageType.OrderAccepted or MessageType.OrderRejected or MessageType.OrderExecuted or MessageType.OrderCanceled or MessageType.OrderReplaced
            or MessageType.OrderTriggered or MessageType.BookLevel or MessageType.PublicTrade or MessageType.TopOfBook or MessageType.AdminResult
            or MessageType.BalanceUpdate or MessageType.BalanceReport or MessageType.InstrumentReport or MessageType.OrderReduced
            or MessageType.MassCancelDone or MessageType.InstrumentStatusChanged or MessageType.AssetReport => header.Version == 1,
        MessageType.OpenOrderReport or MessageType.AdminResult => header.Version is 1 or 2,
        _ => false,
    };

    private static ulong SequenceOf(object message) => message switch
    {
        OrderAccepted m => m.Sequence,
        OrderRejected m => m.Sequence,
        OrderExecuted m => m.Sequence,
        OrderCanceled m => m.Sequence,
        OrderReplaced m => m.Sequence,
        OrderReduced m => m.Sequence,
        OrderTriggered m => m.Sequence,
        BalanceUpdate m => m.Sequence,
        _ => 0,
    };
}
