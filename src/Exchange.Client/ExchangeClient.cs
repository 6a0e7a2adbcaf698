using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Channels;
using Exchange.Protocol.Admin;
using Exchange.Protocol.Framing;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Orders;
using Exchange.Protocol.Queries;
using Exchange.Protocol.Session;

namespace Exchange.Client;

/// <summary>
/// A trading session with the exchange: connects to the first endpoint that answers, logs in, and
/// then (1) sends requests from any thread, (2) answers each request that has an answer —
/// <see cref="PlaceAsync"/> with that order's acknowledgement or reject, the queries with their
/// reports — matched by the ids the protocol carries back, and (3) delivers every other message, in
/// order, on <see cref="Messages"/>, a bounded buffer (see <see cref="ClientOptions.EventBufferCapacity"/>
/// for what happens when the application falls behind). No request waits by taking messages meant
/// for the application. It keeps the last reply sequence received; with
/// <see cref="ClientOptions.AutoReconnect"/> a lost or silent connection is replaced by a new login
/// (to the next endpoint) that asks for everything after it, so the application sees every reply
/// once, in order.
/// </summary>
public sealed class ExchangeClient : IAsyncDisposable
{
    /// <summary>Pass as the last seen sequence to receive no history, only what happens after the login.</summary>
    public const long LiveOnly = -1;

    /// <summary>AdminResult's event code of a refused admin command.</summary>
    private const byte AdminRejectedEvent = 24;

    /// <summary>InstrumentReport's status code of an instrument that trades.</summary>
    private const byte TradingStatus = 1;

    private const int MaxFrame = FrameCodec.DefaultMaxFrame;

    private readonly ClientOptions _options;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Channel<ServerMessage> _messages;
    private readonly PendingRequests _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _sendBuffer = new byte[MaxFrame];
    private readonly byte[] _received = new byte[64 * 1024];
    private int _receivedStart;
    private int _receivedEnd;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, LocalBook> _books = new();
    private TcpClient? _tcp;
    private Stream? _stream;
    private Task? _receiveLoop;
    private Task? _heartbeatLoop;
    private long _lastSequence;
    private long _nextClientMessageId;
    private long _lastHeard;
    private volatile bool _deliveryBlocked;
    private int _endpoint;
    private int _state = (int)ConnectionState.Reconnecting;

    private ExchangeClient(ClientOptions options)
    {
        _options = options;
        _lastSequence = Math.Max(0, options.LastSeenSequence);
        _messages = Channel.CreateBounded<ServerMessage>(new BoundedChannelOptions(Math.Max(1, options.EventBufferCapacity))
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The account this session trades for.</summary>
    public long Account => _options.Account;

    /// <summary>The last reply sequence received (replies carry one per account).</summary>
    public long LastSequence => Interlocked.Read(ref _lastSequence);

    /// <summary>The server's answer to the current connection's login (session id, next reply sequence, heartbeat interval).</summary>
    public LoginAccepted Session { get; private set; }

    /// <summary>Every message that is not the answer to a request of this client, in arrival order; completes when the client closes.</summary>
    public ChannelReader<ServerMessage> Messages => _messages.Reader;

    /// <summary>Where the connection stands now.</summary>
    public ConnectionState State => (ConnectionState)Volatile.Read(ref _state);

    /// <summary>Raised on the client's receive thread at each change of <see cref="State"/>; keep handlers short.</summary>
    public event EventHandler<ConnectionState>? StateChanged;

    /// <summary>Reconnections made after lost connections.</summary>
    public int Reconnects { get; private set; }

    /// <summary>The endpoint of the current (or last) connection.</summary>
    public (string Host, int Port) Endpoint => _options.Endpoints[_endpoint];

    /// <summary>Why the client closed, when it was not disposed or logged out (a lost connection, a silent server, a refused login).</summary>
    public Exception? CloseReason { get; private set; }

    private byte LoginFlags => (byte)((_options.CancelOnDisconnect ? LoginOptions.CancelOnDisconnect : 0) | (_options.MarketDataOnly ? LoginOptions.MarketDataOnly : 0));

    /// <summary>Connects to the first of the options' endpoints that accepts the connection, and logs in there.</summary>
    /// <exception cref="LoginRejectedException">The server refused the login (the reason says why).</exception>
    /// <exception cref="IOException">No endpoint could be reached: the last endpoint's failure (a <see cref="SocketException"/> when nothing listens there).</exception>
    public static async Task<ExchangeClient> ConnectAsync(ClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Endpoints.Count == 0)
        {
            throw new ArgumentException("At least one endpoint is needed.", nameof(options));
        }

        var client = new ExchangeClient(options);
        var lastSeen = options.LastSeenSequence == LiveOnly ? ulong.MaxValue : (ulong)Math.Max(0, options.LastSeenSequence);
        for (var i = 0; ; i++)
        {
            try
            {
                client._endpoint = i;
                if (await client.LoginAsync(lastSeen, cancellationToken).ConfigureAwait(false) is { } rejected)
                {
                    throw new LoginRejectedException((LoginRejectReason)rejected.Reason);
                }

                client.SetState(ConnectionState.Connected);
                client._receiveLoop = client.ReceiveLoopAsync();
                client._heartbeatLoop = client.HeartbeatLoopAsync();
                return client;
            }
            catch (Exception ex) when (ex is IOException or SocketException && i + 1 < options.Endpoints.Count)
            {
                // Not reachable there: the next endpoint.
            }
            catch
            {
                await client.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <param name="host">Server host.</param>
    /// <param name="port">Server port.</param>
    /// <param name="account">Account id.</param>
    /// <param name="secret">Account secret.</param>
    /// <param name="lastSeenSequence">Last reply sequence already received (0 = none; <see cref="LiveOnly"/> = no history).</param>
    /// <param name="cancelOnDisconnect">Ask the server to cancel the account's orders when this session ends.</param>
    /// <param name="autoReconnect">After a lost connection, log in again with the last sequence seen and carry on (missed replies are resent).</param>
    /// <param name="protocolVersion">Session rules: 3 (default), 2 or 1.</param>
    /// <param name="marketDataOnly">A market-data-only session: subscriptions only, no order entry, no replies.</param>
    /// <param name="cancellationToken">Cancels the connect and login.</param>
    public static Task<ExchangeClient> ConnectAsync(string host, int port, long account, string secret,
        long lastSeenSequence = 0, bool cancelOnDisconnect = false, bool autoReconnect = false, ushort protocolVersion = 3,
        bool marketDataOnly = false, CancellationToken cancellationToken = default) =>
        ConnectAsync(new ClientOptions
        {
            Endpoints = [(host, port)], Account = account, Secret = secret, LastSeenSequence = lastSeenSequence, CancelOnDisconnect = cancelOnDisconnect,
            AutoReconnect = autoReconnect, ProtocolVersion = protocolVersion, MarketDataOnly = marketDataOnly,
        }, cancellationToken);

    /// <summary>A fresh client message id (thread-safe): requests built by hand need one.</summary>
    internal ulong NextMessageId() => (ulong)Interlocked.Increment(ref _nextClientMessageId);

    /// <summary>
    /// Places an order and returns the exchange's answer to it: accepted or rejected (fills follow on
    /// <see cref="Messages"/>). The wait survives a reconnect (the answer is resent). Cancelling the
    /// token stops the wait, not the order: its answer still arrives on <see cref="Messages"/>.
    /// </summary>
    /// <exception cref="RequestRefusedException">The gateway refused it before the exchange saw it (throttle, busy, ...).</exception>
    /// <exception cref="ArgumentException">Another order with the same client order id is still waiting for its answer.</exception>
    public async Task<PlaceResult> PlaceAsync(NewOrderRequest order, CancellationToken cancellationToken = default)
    {
        var id = NextMessageId();
        var waiter = _pending.AddOrder((ulong)order.ClientOrderId, id);
        try
        {
            await SendOrderAsync(id, order, cancellationToken).ConfigureAwait(false);
            return await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.ForgetOrder((ulong)order.ClientOrderId, id);
        }
    }

    /// <summary>Sends an order without waiting for its answer (the fire-and-forget path of a fast strategy: answers arrive on <see cref="Messages"/>).</summary>
    public Task SendOrderAsync(NewOrderRequest order, CancellationToken cancellationToken = default) => SendOrderAsync(NextMessageId(), order, cancellationToken);

    private Task SendOrderAsync(ulong id, in NewOrderRequest o, CancellationToken cancellationToken)
    {
        if (_options.ProtocolVersion >= 2)
        {
            return SendAsync(new NewOrderV2(id, (ulong)o.ClientOrderId, (uint)o.Instrument, (byte)o.Side, (byte)o.Type, (byte)o.TimeInForce, (byte)o.SelfTradePrevention,
                o.PostOnly ? (byte)1 : (byte)0, o.Price, o.Quantity, o.ProtectionPrice, o.StopPrice, o.DisplayQuantity, o.ExpireTime, o.QuoteAmount), cancellationToken);
        }

        if (o.NeedsVersion2)
        {
            throw new ArgumentException("Stop, iceberg, good-till-date, day and quote-amount orders need protocol version 2 or later.", nameof(o));
        }

        return SendAsync(new NewOrder(id, (ulong)o.ClientOrderId, (uint)o.Instrument, (byte)o.Side, (byte)o.Type, (byte)o.TimeInForce, (byte)o.SelfTradePrevention,
            o.PostOnly ? (byte)1 : (byte)0, 0, 0, o.Price, o.Quantity, o.ProtectionPrice), cancellationToken);
    }

    /// <summary>Cancels an order by the exchange's id (its answer, OrderCanceled or OrderRejected, arrives on <see cref="Messages"/>).</summary>
    public Task CancelAsync(long orderId, long clientOrderId = 0, CancellationToken cancellationToken = default) =>
        SendAsync(new CancelOrder(NextMessageId(), (ulong)orderId, (ulong)clientOrderId), cancellationToken);

    /// <summary>Changes a resting order's price and quantity (a lower quantity keeps its place in the queue).</summary>
    public Task ReplaceAsync(long orderId, long price, long quantity, CancellationToken cancellationToken = default) =>
        SendAsync(new ReplaceOrder(NextMessageId(), (ulong)orderId, 0, price, quantity), cancellationToken);

    /// <summary>Changes a stop that has not fired: stop price, limit price (0 for a stop-market) and quantity.</summary>
    public Task ReplaceStopAsync(long orderId, long stopPrice, long price, long quantity, CancellationToken cancellationToken = default) =>
        SendAsync(new ReplaceOrderV2(NextMessageId(), (ulong)orderId, 0, price, quantity, stopPrice), cancellationToken);

    /// <summary>Sends a mass cancel (0: every instrument) without waiting; <see cref="CancelAllAsync"/> waits for its count.</summary>
    public Task MassCancelAsync(int instrument = 0, CancellationToken cancellationToken = default) =>
        SendAsync(new MassCancel(NextMessageId(), (uint)instrument, 0), cancellationToken);

    /// <summary>Cancels the account's open orders (on one instrument, or 0: all) and returns how many were canceled (protocol version 3).</summary>
    public async Task<long> CancelAllAsync(int instrument = 0, CancellationToken cancellationToken = default)
    {
        var id = NextMessageId();
        return (await AskAsync(id, new MassCancel(id, (uint)instrument, 0), cancellationToken).ConfigureAwait(false)).As<MassCancelDone>().Canceled;
    }

    /// <summary>Runs an admin command as built (the typed admin methods below build theirs; tests send what they would not).</summary>
    internal async Task<AdminResultV2> AdminAsync(AdminCommand command, CancellationToken cancellationToken = default) =>
        (await AskAsync(command.ClientMessageId, command, cancellationToken).ConfigureAwait(false)).As<AdminResultV2>();

    /// <summary>Credits an account (admin accounts only).</summary>
    public Task<AdminOutcome> DepositAsync(long account, int asset, long amount, CancellationToken cancellationToken = default) =>
        AdminAsync(AdminAction.Deposit, account, asset, 0, amount, string.Empty, cancellationToken);

    /// <summary>Debits an account's available balance (admin accounts only).</summary>
    public Task<AdminOutcome> WithdrawAsync(long account, int asset, long amount, CancellationToken cancellationToken = default) =>
        AdminAsync(AdminAction.Withdraw, account, asset, 0, amount, string.Empty, cancellationToken);

    /// <summary>Opens an account (admin accounts only); with a secret (1 to 32 UTF-8 bytes) it can log in, and the server keeps only a salted hash of it.</summary>
    public Task<AdminOutcome> AddAccountAsync(long account, string? secret = null, CancellationToken cancellationToken = default) =>
        AdminAsync(AdminAction.AddAccount, account, 0, 0, 0, secret ?? string.Empty, cancellationToken);

    /// <summary>Halts trading on an instrument (admin accounts only); cancels stay allowed.</summary>
    public Task<AdminOutcome> HaltAsync(int instrument, CancellationToken cancellationToken = default) =>
        AdminAsync(AdminAction.HaltInstrument, 0, 0, instrument, 0, string.Empty, cancellationToken);

    /// <summary>Resumes trading on a halted instrument (admin accounts only).</summary>
    public Task<AdminOutcome> ResumeAsync(int instrument, CancellationToken cancellationToken = default) =>
        AdminAsync(AdminAction.ResumeInstrument, 0, 0, instrument, 0, string.Empty, cancellationToken);

    /// <summary>Asks the engine for a snapshot now (admin accounts only); <see cref="AdminOutcome.Sequence"/> is the sequence it was taken at.</summary>
    public Task<AdminOutcome> TakeSnapshotAsync(CancellationToken cancellationToken = default) =>
        AdminAsync(AdminAction.TakeSnapshot, 0, 0, 0, 0, string.Empty, cancellationToken);

    /// <summary>Lists a new instrument (admin accounts only).</summary>
    public Task<AdminOutcome> AddInstrumentAsync(InstrumentDefinition instrument, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var i = instrument;
        return RunAdminAsync(new AdminCommand(0, (byte)AdminAction.AddInstrument, 0, 0, 0, 0, (uint)i.Id, 0, (uint)i.BaseAsset, (uint)i.QuoteAsset,
            i.TickSize, i.LotSize, i.MinQuantity, i.MaxQuantity, i.StartPrice, i.PriceBandTicks, i.PriceBandBps, i.MakerFeeBps, i.TakerFeeBps, i.Symbol), cancellationToken);
    }

    private Task<AdminOutcome> AdminAsync(AdminAction action, long account, int asset, int instrument, long amount, string text, CancellationToken cancellationToken) =>
        RunAdminAsync(new AdminCommand(0, (byte)action, 0, 0, (ulong)account, (uint)asset, (uint)instrument, amount, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, text), cancellationToken);

    /// <summary>
    /// Sends a typed admin command under a random id: every admin session sees every admin result, so ids
    /// counted from 1 by each session would let another admin's result answer ours.
    /// </summary>
    private async Task<AdminOutcome> RunAdminAsync(AdminCommand command, CancellationToken cancellationToken)
    {
        var r = await AdminAsync(command with { ClientMessageId = (ulong)Random.Shared.NextInt64(1, long.MaxValue) }, cancellationToken).ConfigureAwait(false);
        return new AdminOutcome((AdminAction)command.Command, r.Event != AdminRejectedEvent, (OrderRejectReason)r.Reason, (long)r.EngineSequence,
            (long)r.Account, (int)r.Instrument, (int)r.Asset, r.Amount, r.Available, r.Held);
    }

    /// <summary>Subscribes to an instrument's market data (book updates to <paramref name="depth"/> levels, trades, status changes), which then arrives on <see cref="Messages"/>.</summary>
    public Task SubscribeMarketDataAsync(int instrument, int depth = 10, CancellationToken cancellationToken = default) =>
        SendAsync(new Subscribe((uint)instrument, (ushort)Math.Clamp(depth, 1, 1_000), 0), cancellationToken);

    /// <summary>
    /// Every instrument's reference data, with its assets by symbol: what an application needs to find an
    /// instrument by symbol and to price and size a valid order on it.
    /// </summary>
    public async Task<IReadOnlyList<Instrument>> GetInstrumentsAsync(CancellationToken cancellationToken = default)
    {
        var assets = new Dictionary<uint, Asset>();
        foreach (var a in await QueryAssetsAsync(cancellationToken).ConfigureAwait(false))
        {
            assets[a.Asset] = new Asset((int)a.Asset, a.Symbol, a.Decimals);
        }

        Asset AssetOf(uint id) => assets.TryGetValue(id, out var asset) ? asset : new Asset((int)id, id.ToString(System.Globalization.CultureInfo.InvariantCulture), 0);
        var reports = await QueryInstrumentsAsync(0, cancellationToken).ConfigureAwait(false);
        var instruments = new List<Instrument>(reports.Count);
        foreach (var r in reports)
        {
            instruments.Add(new Instrument((int)r.Instrument, r.Symbol, AssetOf(r.BaseAsset), AssetOf(r.QuoteAsset), r.TickSize, r.LotSize, r.MinQuantity, r.MaxQuantity,
                r.BandLow, r.BandHigh, r.LastTradePrice == 0 ? null : r.LastTradePrice, r.MakerFeeBps, r.Status == TradingStatus));
        }

        return instruments;
    }

    /// <summary>One instrument by its symbol (any case), as of now.</summary>
    /// <exception cref="ArgumentException">The venue lists no instrument of that symbol (the message names the ones it lists).</exception>
    public async Task<Instrument> GetInstrumentAsync(string symbol, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var all = await GetInstrumentsAsync(cancellationToken).ConfigureAwait(false);
        var names = new List<string>(all.Count);
        foreach (var instrument in all)
        {
            if (string.Equals(instrument.Symbol, symbol, StringComparison.OrdinalIgnoreCase))
            {
                return instrument;
            }

            names.Add(instrument.Symbol);
        }

        throw new ArgumentException($"no instrument '{symbol}' (the venue lists: {string.Join(", ", names)})", nameof(symbol));
    }

    /// <summary>Ends the session cleanly (the server closes it; with cancel-on-disconnect the account's orders are cancelled).</summary>
    public Task LogoutAsync(CancellationToken cancellationToken = default) => SendAsync(new Logout(), cancellationToken);

    /// <summary>Subscribes to an instrument and returns its local book, kept up to date (and re-synchronised after gaps) by the receive loop.</summary>
    public async Task<LocalBook> SubscribeBookAsync(int instrument, int depth = 100, CancellationToken cancellationToken = default)
    {
        var book = _books.GetOrAdd(instrument, i => new LocalBook(i));
        await SendAsync(new Subscribe((uint)instrument, (ushort)Math.Clamp(depth, 1, 1_000), 0), cancellationToken).ConfigureAwait(false);
        return book;
    }

    /// <summary>Stops an instrument's market data (0: all of this session's); a local book of it stops following.</summary>
    public Task UnsubscribeAsync(int instrument, CancellationToken cancellationToken = default) => SendAsync(new Unsubscribe((uint)instrument, 0), cancellationToken);

    /// <summary>Reference data of every instrument (or one): tick, lot, quantity limits, the prices the band accepts now, status.</summary>
    public async Task<IReadOnlyList<InstrumentReport>> QueryInstrumentsAsync(int instrument = 0, CancellationToken cancellationToken = default)
    {
        var id = NextMessageId();
        var reports = await QueryAsync(id, new QueryInstruments(id, (uint)instrument, 0), cancellationToken).ConfigureAwait(false);
        return Items<InstrumentReport>(reports, static r => r.Instrument != 0);
    }

    /// <summary>The venue's assets (id, symbol, decimals).</summary>
    public async Task<IReadOnlyList<AssetReport>> QueryAssetsAsync(CancellationToken cancellationToken = default)
    {
        var id = NextMessageId();
        var reports = await QueryAsync(id, new QueryAssets(id), cancellationToken).ConfigureAwait(false);
        return Items<AssetReport>(reports, static r => r.Asset != 0);
    }

    /// <summary>The account's balances, as of the replies numbered before the answer.</summary>
    public async Task<IReadOnlyList<BalanceReport>> QueryBalancesAsync(CancellationToken cancellationToken = default)
    {
        var id = NextMessageId();
        var reports = await QueryAsync(id, new QueryBalances(id), cancellationToken).ConfigureAwait(false);
        return Items<BalanceReport>(reports, static r => r.Asset != 0);
    }

    /// <summary>The account's open orders, on one instrument or (0) all. Version 1 sessions get version 1 reports, shown with the version 2 fields zero.</summary>
    public async Task<IReadOnlyList<OpenOrderReportV2>> QueryOpenOrdersAsync(int instrument = 0, CancellationToken cancellationToken = default)
    {
        var id = NextMessageId();
        var reports = await QueryAsync(id, new QueryOpenOrders(id, (uint)instrument, 0), cancellationToken).ConfigureAwait(false);
        var list = new List<OpenOrderReportV2>(reports.Count);
        foreach (var report in reports)
        {
            var order = report.TryAs<OpenOrderReportV2>(out var v2) ? v2 : OpenOrderReportV2.From(report.As<OpenOrderReport>());
            if (order.OrderId != 0)
            {
                list.Add(order);
            }
        }

        return list;
    }

    /// <summary>As <see cref="QueryInstrumentsAsync(int, CancellationToken)"/>, giving up after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<InstrumentReport>> QueryInstrumentsAsync(TimeSpan timeout, int instrument = 0) => WithTimeout(timeout, ct => QueryInstrumentsAsync(instrument, ct));

    /// <summary>As <see cref="QueryAssetsAsync(CancellationToken)"/>, giving up after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<AssetReport>> QueryAssetsAsync(TimeSpan timeout) => WithTimeout(timeout, QueryAssetsAsync);

    /// <summary>As <see cref="QueryBalancesAsync(CancellationToken)"/>, giving up after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<BalanceReport>> QueryBalancesAsync(TimeSpan timeout) => WithTimeout(timeout, QueryBalancesAsync);

    /// <summary>As <see cref="QueryOpenOrdersAsync(int, CancellationToken)"/>, giving up after <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<OpenOrderReportV2>> QueryOpenOrdersAsync(TimeSpan timeout, int instrument = 0) => WithTimeout(timeout, ct => QueryOpenOrdersAsync(instrument, ct));

    /// <summary>
    /// Sends any protocol message as it is (thread-safe; frames never interleave). Requests built by hand
    /// take their id from <see cref="NextMessageId"/>; their answers arrive on <see cref="Messages"/>.
    /// </summary>
    internal Task SendAsync<T>(T message, CancellationToken cancellationToken = default)
        where T : struct, IMessage<T>
    {
        // The common case allocates nothing: the lock is free and the socket takes the bytes at once.
        if (!_sendLock.Wait(0, CancellationToken.None))
        {
            return SendWhenFreeAsync(message, cancellationToken);
        }

        ValueTask write;
        try
        {
            var length = FrameCodec.Write(_sendBuffer, message);
            write = Stream.WriteAsync(_sendBuffer.AsMemory(0, length), cancellationToken);
        }
        catch
        {
            _sendLock.Release();
            throw;
        }

        if (write.IsCompletedSuccessfully)
        {
            _sendLock.Release();
            return Task.CompletedTask;
        }

        return ReleaseAfterAsync(write);
    }

    private async Task SendWhenFreeAsync<T>(T message, CancellationToken cancellationToken)
        where T : struct, IMessage<T>
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var length = FrameCodec.Write(_sendBuffer, message);
            await Stream.WriteAsync(_sendBuffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReleaseAfterAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Writes bytes as they are: for tests of how the server treats malformed input.</summary>
    internal async Task SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Wire-level order entry with the protocol's codes as bytes (side 1 buy, 2 sell; ...): for conformance tests that send what an application would not. Applications use <see cref="PlaceAsync"/>.</summary>
    internal Task PlaceLimitAsync(long clientOrderId, int instrument, byte side, long price, long quantity, byte timeInForce = 1, byte selfTradePrevention = 0, bool postOnly = false) =>
        SendAsync(new NewOrder(NextMessageId(), (ulong)clientOrderId, (uint)instrument, side, 1, timeInForce, selfTradePrevention, postOnly ? (byte)1 : (byte)0, 0, 0, price, quantity, 0));

    /// <summary>Wire-level market order (see <see cref="PlaceLimitAsync"/>).</summary>
    internal Task PlaceMarketAsync(long clientOrderId, int instrument, byte side, long quantity, long protectionPrice = 0) =>
        SendAsync(new NewOrder(NextMessageId(), (ulong)clientOrderId, (uint)instrument, side, 2, 2, 0, 0, 0, 0, 0, quantity, protectionPrice));

    /// <summary>Wire-level stop-market order (see <see cref="PlaceLimitAsync"/>).</summary>
    internal Task PlaceStopAsync(long clientOrderId, int instrument, byte side, long stopPrice, long quantity, long protectionPrice = 0, byte timeInForce = 1,
        long expireTime = 0, byte selfTradePrevention = 0) =>
        SendAsync(new NewOrderV2(NextMessageId(), (ulong)clientOrderId, (uint)instrument, side, 3, timeInForce, selfTradePrevention, 0,
            0, quantity, protectionPrice, stopPrice, 0, expireTime, 0));

    /// <summary>Wire-level stop-limit order (see <see cref="PlaceLimitAsync"/>).</summary>
    internal Task PlaceStopLimitAsync(long clientOrderId, int instrument, byte side, long stopPrice, long price, long quantity, byte timeInForce = 1,
        long expireTime = 0, long displayQuantity = 0, byte selfTradePrevention = 0) =>
        SendAsync(new NewOrderV2(NextMessageId(), (ulong)clientOrderId, (uint)instrument, side, 4, timeInForce, selfTradePrevention, 0,
            price, quantity, 0, stopPrice, displayQuantity, expireTime, 0));

    /// <summary>Wire-level limit order with the version 2 fields (see <see cref="PlaceLimitAsync"/>).</summary>
    internal Task PlaceLimitV2Async(long clientOrderId, int instrument, byte side, long price, long quantity, byte timeInForce = 1, long displayQuantity = 0,
        long expireTime = 0, byte selfTradePrevention = 0, bool postOnly = false) =>
        SendAsync(new NewOrderV2(NextMessageId(), (ulong)clientOrderId, (uint)instrument, side, 1, timeInForce, selfTradePrevention, postOnly ? (byte)1 : (byte)0,
            price, quantity, 0, 0, displayQuantity, expireTime, 0));

    /// <summary>Wire-level quote-amount buy (see <see cref="PlaceLimitAsync"/>).</summary>
    internal Task PlaceQuoteAmountAsync(long clientOrderId, int instrument, long quoteAmount, long limitPrice = 0, long maxQuantity = 0, byte selfTradePrevention = 0) =>
        SendAsync(new NewOrderV2(NextMessageId(), (ulong)clientOrderId, (uint)instrument, 1, limitPrice > 0 ? (byte)1 : (byte)2, 2, selfTradePrevention, 0,
            limitPrice, maxQuantity, 0, 0, 0, 0, quoteAmount));

    /// <summary>Closes the connection and ends <see cref="Messages"/>; requests still waiting fail with <see cref="ObjectDisposedException"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _tcp?.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        if (_heartbeatLoop is not null)
        {
            await _heartbeatLoop.ConfigureAwait(false);
        }

        _pending.Fail(new ObjectDisposedException(nameof(ExchangeClient)), ordersToo: true);
        SetState(ConnectionState.Closed);
        _messages.Writer.TryComplete();
        _stop.Dispose();
        _sendLock.Dispose();
    }

    private Stream Stream => _stream ?? throw new IOException("Not connected.");

    private static List<T> Items<T>(IReadOnlyList<ServerMessage> reports, Func<T, bool> hasItem)
        where T : struct, IMessage<T>
    {
        var list = new List<T>(reports.Count);
        foreach (var report in reports)
        {
            var item = report.As<T>();
            if (hasItem(item))
            {
                list.Add(item); // an empty answer is one report without an item
            }
        }

        return list;
    }

    private static async Task<T> WithTimeout<T>(TimeSpan timeout, Func<CancellationToken, Task<T>> query)
    {
        using var timer = new CancellationTokenSource(timeout);
        return await query(timer.Token).ConfigureAwait(false);
    }

    /// <summary>Sends a request with message id <paramref name="id"/> and waits for the one message that answers it.</summary>
    private Task<ServerMessage> AskAsync<T>(ulong id, T request, CancellationToken cancellationToken)
        where T : struct, IMessage<T> =>
        SendAndWaitAsync(id, request, _pending.AddAnswer(id).Task, cancellationToken);

    /// <summary>Sends a query with message id <paramref name="id"/> and waits for all the messages that answer it.</summary>
    private Task<IReadOnlyList<ServerMessage>> QueryAsync<T>(ulong id, T query, CancellationToken cancellationToken)
        where T : struct, IMessage<T> =>
        SendAndWaitAsync(id, query, _pending.AddQuery(id).Task, cancellationToken);

    /// <summary>Sends <paramref name="request"/>, whose answer <paramref name="answer"/> was registered under <paramref name="id"/> first, and waits for it; the registration is forgotten however that ends.</summary>
    private async Task<TAnswer> SendAndWaitAsync<T, TAnswer>(ulong id, T request, Task<TAnswer> answer, CancellationToken cancellationToken)
        where T : struct, IMessage<T>
    {
        try
        {
            await SendAsync(request, cancellationToken).ConfigureAwait(false);
            return await answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.Forget(id);
        }
    }

    private void SetState(ConnectionState state)
    {
        if (Interlocked.Exchange(ref _state, (int)state) != (int)state)
        {
            StateChanged?.Invoke(this, state);
        }
    }

    /// <summary>Connects to the current endpoint and logs in; null when accepted, the rejection otherwise. Swaps the stream under the send lock.</summary>
    private async Task<LoginRejected?> LoginAsync(ulong lastSeen, CancellationToken cancellationToken)
    {
        var (host, port) = _options.Endpoints[_endpoint];
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            Stream stream = tcp.GetStream();
            if (_options.Tls is { } tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(tls.Options(host), cancellationToken).ConfigureAwait(false); // a refused certificate: AuthenticationException
                stream = ssl;
            }

            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                _tcp?.Dispose();
                _tcp = tcp;
                _stream = stream;
                (_receivedStart, _receivedEnd) = (0, 0); // nothing of the old connection is read on the new one
                var length = FrameCodec.Write(_sendBuffer, new Login((ulong)_options.Account, _options.ProtocolVersion, LoginFlags, 0, lastSeen, _options.Secret));
                await _stream.WriteAsync(_sendBuffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }

            var first = await ReadFrameAsync(cancellationToken).ConfigureAwait(false) ?? throw new IOException("The server closed the connection during login.");
            if (first.TryAs<LoginAccepted>(out var accepted))
            {
                Session = accepted;
                Volatile.Write(ref _lastHeard, Stopwatch.GetTimestamp());
                return null;
            }

            return first.TryAs<LoginRejected>(out var rejected) ? rejected : throw new IOException($"Unexpected {first.Type} during login.");
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
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
                        Volatile.Write(ref _lastHeard, Stopwatch.GetTimestamp());
                        await HandleAsync(message).ConfigureAwait(false);
                    }

                    CloseReason ??= new IOException("The server closed the connection.");
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException && !_stop.IsCancellationRequested)
                {
                    CloseReason ??= ex; // (a heartbeat timeout set it before closing the socket)
                }

                // The connection is over: close this side now (the server lingers until the client closes too).
                _tcp?.Dispose();
                if (!_options.AutoReconnect || _stop.IsCancellationRequested)
                {
                    return;
                }

                SetState(ConnectionState.Reconnecting);
                _pending.Fail(new IOException("The connection was lost before the answer came; ask again.", CloseReason), ordersToo: false);
                if (!await ReconnectAsync().ConfigureAwait(false))
                {
                    return;
                }

                CloseReason = null;
                SetState(ConnectionState.Connected);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException
            || (ex is IOException or SocketException && _stop.IsCancellationRequested))
        {
            // Disposed: the read ends with whichever error the closing socket raised first (a cancelled
            // read, or an IOException when the socket's disposal wins the race); both are the close asked for.
        }
        finally
        {
            _pending.Fail(CloseReason ?? new ObjectDisposedException(nameof(ExchangeClient)), ordersToo: true);
            SetState(ConnectionState.Closed); // before the stream ends: a reader that sees the end sees the state
            _messages.Writer.TryComplete();
        }
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask HandleAsync(ServerMessage message)
    {
        var sequence = message.ReplySequence;
        if (sequence > 0)
        {
            if (sequence <= (ulong)Interlocked.Read(ref _lastSequence))
            {
                return; // already delivered before a reconnect
            }

            Interlocked.Exchange(ref _lastSequence, (long)sequence);
        }

        if (_pending.Route(message))
        {
            return; // a report answering one of this client's queries
        }

        LocalBook? resync = null;
        if (message.TryAs<BookLevel>(out var level) && _books.TryGetValue((int)level.Instrument, out var book) && !book.Apply(level))
        {
            resync = book;
        }
        else if (message.TryAs<PublicTrade>(out var trade) && _books.TryGetValue((int)trade.Instrument, out book) && !book.Apply(trade))
        {
            resync = book;
        }

        if (resync is not null)
        {
            await SendAsync(new Subscribe((uint)resync.Instrument, 1_000, 0)).ConfigureAwait(false);
        }

        if (!_messages.Writer.TryWrite(message))
        {
            // The application is behind: stop reading the socket until it catches up (the server's queue takes the slack).
            _deliveryBlocked = true;
            try
            {
                await _messages.Writer.WriteAsync(message, _stop.Token).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _lastHeard, Stopwatch.GetTimestamp());
                _deliveryBlocked = false;
            }
        }
    }

    /// <summary>Logs in again, trying the endpoints in turn from the one after the lost one (backing off), with the last sequence seen; resubscribes the local books.</summary>
    private async Task<bool> ReconnectAsync()
    {
        var delay = TimeSpan.FromMilliseconds(50);
        while (!_stop.IsCancellationRequested)
        {
            _endpoint = (_endpoint + 1) % _options.Endpoints.Count; // in turn: the one just lost last
            try
            {
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
                if (await LoginAsync((ulong)Interlocked.Read(ref _lastSequence), _stop.Token).ConfigureAwait(false) is not { } rejected)
                {
                    Reconnects++;
                    foreach (var book in _books.Values)
                    {
                        await SendAsync(new Subscribe((uint)book.Instrument, 1_000, 0)).ConfigureAwait(false);
                    }

                    return true;
                }

                if (!((LoginRejectReason)rejected.Reason).IsTransient())
                {
                    CloseReason = new LoginRejectedException((LoginRejectReason)rejected.Reason);
                    return false; // a wrong secret or a lost resend window will not change by retrying
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                CloseReason = ex;
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(_options.MaxReconnectDelay.TotalMilliseconds, delay.TotalMilliseconds * 2));
        }

        return false;
    }

    /// <summary>
    /// Sends a heartbeat every interval, and ends a connection the server has kept silent for
    /// <see cref="ClientOptions.HeartbeatTimeoutIntervals"/> intervals (time the application spends
    /// not reading <see cref="Messages"/> does not count): the receive loop then reconnects or closes.
    /// </summary>
    private async Task HeartbeatLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var interval = TimeSpan.FromMilliseconds(Math.Max(50, Session.HeartbeatMillis));
                await Task.Delay(interval, _stop.Token).ConfigureAwait(false);
                var silent = Stopwatch.GetElapsedTime(Volatile.Read(ref _lastHeard));
                if (State == ConnectionState.Connected && !_deliveryBlocked && silent > interval * _options.HeartbeatTimeoutIntervals)
                {
                    CloseReason = new TimeoutException($"The server sent nothing for {silent.TotalSeconds:F1} s ({_options.HeartbeatTimeoutIntervals} heartbeat intervals of {interval.TotalMilliseconds:F0} ms).");
                    _tcp?.Dispose(); // the receive loop sees the connection end
                    continue;
                }

                try
                {
                    await SendAsync(new ClientHeartbeat(), _stop.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
                {
                    // The receive loop notices the lost connection and reconnects or closes.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// The next frame, parsed in place from a 64 KiB receive buffer: one socket read brings in as many
    /// frames as have arrived, and a frame already buffered costs no read and no allocation.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ServerMessage?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryTakeFrame(out var message))
            {
                return message;
            }

            if (_receivedStart > 0)
            {
                _received.AsSpan(_receivedStart, _receivedEnd - _receivedStart).CopyTo(_received);
                _receivedEnd -= _receivedStart;
                _receivedStart = 0;
            }

            var n = await Stream.ReadAsync(_received.AsMemory(_receivedEnd), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                return null;
            }

            _receivedEnd += n;
        }
    }

    private bool TryTakeFrame(out ServerMessage message)
    {
        message = default;
        var buffered = _received.AsSpan(_receivedStart, _receivedEnd - _receivedStart);
        if (buffered.Length < FrameHeader.Size)
        {
            return false;
        }

        var header = FrameHeader.Read(buffered);
        if (header.FrameLength > MaxFrame || header.Length < FrameHeader.TypeAndVersion)
        {
            throw new IOException($"Bad frame from the server (length {header.Length}).");
        }

        if (buffered.Length < header.FrameLength)
        {
            return false;
        }

        var size = ServerMessages.BodySizeOf(header);
        if (size >= 0 && size != header.BodyLength)
        {
            throw new IOException($"Malformed {header.Type} v{header.Version} from the server ({header.BodyLength} bytes).");
        }

        message = new ServerMessage(header, buffered.Slice(FrameHeader.Size, header.BodyLength), known: size >= 0);
        _receivedStart += header.FrameLength;
        return true;
    }
}
