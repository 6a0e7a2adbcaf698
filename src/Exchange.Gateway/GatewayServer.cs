using System.Net;
using System.Net.Sockets;
using Exchange.Engine;
using Exchange.Gateway.Accounts;
using Exchange.Gateway.MarketData;
using Exchange.Gateway.Replies;
using Exchange.Gateway.Sessions;
using Microsoft.Extensions.Logging;

namespace Exchange.Gateway;

/// <summary>
/// Accepts TCP connections and runs one <see cref="ClientSession"/> per connection, feeding the
/// engine's input ring. Replies come back through the <see cref="ReplyRouter"/>, which must be one
/// of the engine's event sinks.
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private readonly GatewayOptions _options;
    private readonly CredentialStore _credentials;
    private readonly ExchangeEngine _engine;
    private readonly ReplyRouter _router;
    private readonly MarketDataHub? _marketData;
    private readonly ILogger _logger;
    private readonly ILogger _sessionLogger;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<(ClientSession Session, Task Task)> _sessions = [];
    private Task? _acceptLoop;
    private readonly ConnectionBudget _budget;
    private readonly LoginGuard _logins;

    /// <param name="options">Address and limits.</param>
    /// <param name="credentials">Who may log in.</param>
    /// <param name="engine">Where commands go.</param>
    /// <param name="router">Reply routing; must be one of the engine's event sinks.</param>
    /// <param name="marketData">Market data fan-out, if served; must then also be an engine event sink.</param>
    /// <param name="logger">Structured log of the listener (connections, limits).</param>
    /// <param name="sessionLogger">Structured log of the sessions (logins, rejects, ends, slow consumers); the listener's if null.</param>
    public GatewayServer(GatewayOptions options, CredentialStore credentials, ExchangeEngine engine, ReplyRouter router, MarketDataHub? marketData, ILogger logger,
        ILogger? sessionLogger = null)
    {
        _sessionLogger = sessionLogger ?? logger;
        _marketData = marketData;
        _options = options;
        _credentials = credentials;
        _engine = engine;
        _router = router;
        _logger = logger;
        _listener = new TcpListener(options.Address, options.Port);
        _budget = new ConnectionBudget(options.MaxUnauthenticated, options.MaxUnauthenticatedPerAddress);
        _logins = new LoginGuard(options.MaxConcurrentLoginChecks, options.MaxLoginFailureDelay, options.MaxLoginTurnWait);
        Metrics = new GatewayMetrics(options.MeterFactory, this);
    }

    internal GatewayMetrics Metrics { get; }

    /// <summary>Open sessions that have logged in, and those that have not yet.</summary>
    internal (int LoggedIn, int Anonymous) SessionCounts()
    {
        lock (_sessions)
        {
            var open = 0;
            foreach (var (_, task) in _sessions)
            {
                open += task.IsCompleted ? 0 : 1;
            }

            var anonymous = _budget.Anonymous;
            return (Math.Max(0, open - anonymous), anonymous);
        }
    }

    /// <summary>The outbound bytes queued for the most backed-up open session.</summary>
    internal long LargestQueue()
    {
        lock (_sessions)
        {
            long largest = 0;
            foreach (var (session, task) in _sessions)
            {
                largest = task.IsCompleted ? largest : Math.Max(largest, session.QueuedBytes);
            }

            return largest;
        }
    }

    internal int MarketDataSubscriptions() => _marketData?.SubscriptionCount() ?? 0;

    /// <summary>The port actually listened on (useful with port 0).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Start();
        GatewayLog.Listening(_logger, _listener.LocalEndpoint.ToString()!);
        _acceptLoop = AcceptLoopAsync();
    }

    public ValueTask DisposeAsync() => ShutdownAsync(Protocol.Session.SessionEndReason.ServerShutdown);

    /// <summary>Stops taking connections; sessions already open carry on until <see cref="ShutdownAsync"/>.</summary>
    public async Task StopAcceptingAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            _listener.Stop();
        }

        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends every session with <paramref name="reason"/> (sent after the replies already queued for
    /// it, so a drained engine's last replies reach the client before the close), then closes them.
    /// </summary>
    public async ValueTask ShutdownAsync(Protocol.Session.SessionEndReason reason)
    {
        await StopAcceptingAsync().ConfigureAwait(false);
        Task[] running;
        lock (_sessions)
        {
            foreach (var (session, _) in _sessions)
            {
                session.Close(reason);
            }

            running = [.. _sessions.Select(s => s.Task)];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            socket.NoDelay = true;
            if (_options.SocketSendBufferBytes > 0)
            {
                socket.SendBufferSize = _options.SocketSendBufferBytes;
            }

            if (_budget.IsCoolingDown((socket.RemoteEndPoint as IPEndPoint)?.Address))
            {
                socket.Dispose(); // an address that keeps breaking the pre-login rules: no session for a second
                continue;
            }

            lock (_sessions)
            {
                _sessions.RemoveAll(s => s.Task.IsCompleted);
                var ticket = new AdmissionTicket((socket.RemoteEndPoint as IPEndPoint)?.Address);
                var slot = _sessions.Count >= _options.MaxConnections ? null : _budget.TryAdmit(ticket);
                if (slot is null)
                {
                    GatewayLog.TooManyConnections(_logger, _sessions.Count, _budget.Anonymous, socket.RemoteEndPoint?.ToString() ?? "unknown");
                    Metrics.ConnectionRefused();
                    RefuseAtCap(socket);
                    continue;
                }

                var session = new ClientSession(socket, _options, _credentials, _engine, _router, _marketData, _budget, _logins, _sessionLogger, Metrics);
                session.Admitted(slot);
                ticket.Connection = session;
                _sessions.Add((session, Task.Run(session.RunAsync)));
            }
        }
    }

    /// <summary>
    /// Tells a connection refused at a cap why (LoginRejected 5, as the protocol promises) and closes
    /// it. The frame is a few bytes into an empty socket buffer: the send does not wait.
    /// </summary>
    private static void RefuseAtCap(Socket socket)
    {
        try
        {
            Span<byte> frame = stackalloc byte[64];
            var length = Protocol.Framing.FrameCodec.Write(frame, new Protocol.Session.LoginRejected((ushort)Protocol.Session.LoginRejectReason.TooManyConnections));
            socket.Blocking = false;
            socket.Send(frame[..length], SocketFlags.None, out _);
        }
        catch (SocketException)
        {
            // The peer is gone already: nothing to tell.
        }
        finally
        {
            socket.Dispose();
        }
    }
}
