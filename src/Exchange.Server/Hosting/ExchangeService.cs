using System.Net;
using Exchange.Core.Matching;
using Exchange.Engine;
using Exchange.Gateway;
using Exchange.Gateway.Accounts;
using Exchange.Gateway.MarketData;
using Exchange.Gateway.Replies;
using Exchange.Protocol.Session;
using Exchange.Server.Demo;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Hosting;

/// <summary>
/// Runs the exchange inside the generic host: validates the configuration (before anything is
/// written), checks the data folder and the listening address, recovers the engine, seeds the demo
/// world on a fresh folder, opens the gateway and logs a ready line. On SIGTERM or Ctrl-C: stops
/// taking connections, drains the engine (every journaled command processed, every reply queued),
/// lets the sessions send what is queued, ends them, flushes the journal and writes a final
/// snapshot. If the engine fail-stops, ends every session with <c>EngineFailed</c> and stops the host
/// with <see cref="ServerExitCodes.EngineFailed"/>.
/// </summary>
internal sealed partial class ExchangeService(IOptions<ServerSettings> settings, ILogger<ExchangeService> logger, IHostApplicationLifetime? lifetime = null,
    System.Diagnostics.Metrics.IMeterFactory? meters = null, ILoggerFactory? loggers = null)
    : IHostedService, IAsyncDisposable
{
    private int _ready;

    /// <summary>Recovery has finished and the gateway listens (false again once stopping or failed).</summary>
    public bool IsReady => Volatile.Read(ref _ready) == 1 && _engine?.Fault is null;

    private ExchangeEngine? _engine;
    private GatewayServer? _gateway;

    public int Port => _gateway?.Port ?? 0;

    public ExchangeEngine? Engine => _engine;

    /// <summary>Test seam: the journal's disk calls (fault injection); null is the real disk.</summary>
    internal Journal.Writing.SegmentIo? JournalIo { get; init; }

    /// <summary>What the process should exit with once the host has stopped.</summary>
    public int ExitCode { get; private set; } = ServerExitCodes.Ok;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var s = ValidSettings();
        var dataDirectory = Path.GetFullPath(s.DataDirectory);
        CheckListen(s);
        CheckWritable(dataDirectory);
        var options = new EngineOptions
        {
            DataDirectory = dataDirectory,
            Durability = Enum.Parse<Durability>(s.Durability, ignoreCase: true),
            Topology = Enum.Parse<PipelineTopology>(s.Topology, ignoreCase: true),
            Wait = Enum.Parse<PipelineWait>(s.PipelineWait, ignoreCase: true),
            SnapshotEveryCommands = s.SnapshotEveryCommands,
            SnapshotInterval = s.SnapshotIntervalSeconds > 0 ? TimeSpan.FromSeconds(s.SnapshotIntervalSeconds) : null,
            SnapshotsToKeep = s.SnapshotsToKeep,
            ArchiveJournal = s.ArchiveJournal,
            JournalRetention = new(TimeSpan.FromMinutes(s.ArchiveJournalAfterMinutes), s.MaxLiveArchivableMegabytes > 0 ? s.MaxLiveArchivableMegabytes * 1024L * 1024 : null),
            RebuildSinksFromJournal = true, // reply streams and market-data books survive a restart (saved with each snapshot)
            MeterFactory = meters,
            JournalIo = JournalIo,
            TimeTickInterval = TimeSpan.FromMilliseconds(Math.Max(0, s.TimeTickMilliseconds)),
            Matching = new MatchingEngineOptions { ExpectedOrders = s.ExpectedOrders, ExpectedAccounts = s.ExpectedAccounts },
        };
        var gatewayOptions = new GatewayOptions
        {
            Address = IPAddress.Parse(s.Address),
            Port = s.Port,
            Tls = string.IsNullOrEmpty(s.TlsCertificateFile) ? null
                : GatewayTls.FromPemFiles(s.TlsCertificateFile, s.TlsKeyFile, string.IsNullOrEmpty(s.TlsClientCaFile) ? null : s.TlsClientCaFile),
            MeterFactory = meters,
            HeartbeatInterval = TimeSpan.FromSeconds(s.HeartbeatSeconds),
            MaxConnections = s.MaxConnections,
            MaxSessionsPerAccount = s.MaxSessionsPerAccount,
            MaxUnauthenticated = s.MaxUnauthenticated,
            MaxUnauthenticatedPerAddress = s.MaxUnauthenticatedPerAddress,
            LoginTimeout = TimeSpan.FromSeconds(s.LoginTimeoutSeconds),
            ThrottleRatePerSecond = s.ThrottleRatePerSecond,
            ThrottleBurst = s.ThrottleBurst,
            ThrottleDisconnectAfter = s.ThrottleDisconnectAfter,
            ResendWindow = s.ResendWindow,
            MaxQueuedBytes = s.MaxQueuedBytes,
            Assets = s.Assets.ConvertAll(a => new AssetInfo(a.Id, a.Symbol, a.Decimals)),
        };
        if (s.NodeId > 0)
        {
            // Cluster mode: a hot standby until etcd makes this node the primary (docs/replication.md); start-up returns at once.
            _cluster = Task.Run(() => RunClusterAsync(s, options, gatewayOptions), CancellationToken.None);
            return;
        }

        var sinks = NewSinks(s, gatewayOptions);
        _engine = StartEngine(options, sinks, loggers?.CreateLogger("Exchange.Engine") ?? logger);
        await OpenAsync(s, options, gatewayOptions, sinks, _engine.Recovery.LastSequence == 0, "recovered to", _engine.Recovery.LastSequence, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The engine's subscribers: reply streams, market data, the account directory (new ones each time an engine starts: they hold its state).</summary>
    private sealed record Sinks(ReplyRouter Router, MarketDataHub MarketData, AccountDirectory Directory);

    private static Sinks NewSinks(ServerSettings s, GatewayOptions gatewayOptions) =>
        new(new ReplyRouter(gatewayOptions.ResendWindow, new OrderTracer(s.TraceOneOrderIn)), new MarketDataHub(), new AccountDirectory());

    /// <summary>
    /// A recovered (or just promoted) primary opens for business: the demo world on an empty journal, the
    /// configured accounts, then the gateway and the ready line, which says where this primary's history starts:
    /// "recovered to" the sequence of its own recovery, or "took over at" the sequence it was promoted at.
    /// </summary>
    private async Task OpenAsync(ServerSettings s, EngineOptions options, GatewayOptions gatewayOptions, Sinks sinks, bool emptyJournal, string start, long startSequence,
        CancellationToken cancellationToken)
    {
        var expected = new List<long>();
        if (emptyJournal && s.SeedDemo)
        {
            foreach (var command in DemoWorld.Setup())
            {
                _engine!.Submit(command);
                if (command.Type == Core.Commands.CommandType.AddAccount)
                {
                    expected.Add(command.AccountId);
                }
            }
        }

        var directory = sinks.Directory;
        var credentials = new CredentialStore(directory);
        _configuredCredentials ??= HashConfiguredSecrets(s);
        foreach (var account in s.Accounts)
        {
            credentials.Add(_configuredCredentials[account.Id]);
            if (!directory.Contains(account.Id) && !expected.Contains(account.Id))
            {
                _engine!.Submit(Core.Commands.Command.AddAccount(account.Id)); // a configured account exists in the engine before it can log in
                expected.Add(account.Id);
            }
        }

        await WaitForAccountsAsync(directory, expected, cancellationToken).ConfigureAwait(false);

        _gateway = new GatewayServer(gatewayOptions, credentials, _engine!, sinks.Router, sinks.MarketData, loggers?.CreateLogger("Exchange.Gateway") ?? logger,
            loggers?.CreateLogger("Exchange.Gateway.Session"));
        try
        {
            _gateway.Start();
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new StartupException(ServerExitCodes.Listen, $"cannot listen on {s.Address}:{s.Port}: {ex.Message}", ex);
        }

        _ = _engine!.Failed.ContinueWith(t => OnEngineFailedAsync(t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        Volatile.Write(ref _ready, 1);
        Ready(logger, s.Address, _gateway.Port, gatewayOptions.Tls is null ? "TCP" : gatewayOptions.Tls.ClientAuthorities is null ? "TLS" : "mutual TLS",
            options.DataDirectory, start, startSequence, options.Durability, _engine.Topology);
    }

    private Dictionary<long, AccountCredentials>? _configuredCredentials;

    /// <summary>The configured accounts' salted secret hashes (PBKDF2: deliberately slow, so a cluster node computes them while a standby, not while it takes over).</summary>
    private static Dictionary<long, AccountCredentials> HashConfiguredSecrets(ServerSettings s)
    {
        var hashed = new Dictionary<long, AccountCredentials>();
        foreach (var account in s.Accounts)
        {
            var credentials = SecretHashText.TryParse(account.SecretHash, out var hash, out _)
                ? AccountCredentials.From(account.Id, hash!, account.Admin)
                : AccountCredentials.Create(account.Id, account.Secret, account.Admin);
            hashed[account.Id] = account.AllowedNetworks.Count == 0 ? credentials
                : credentials with { AllowedNetworks = account.AllowedNetworks.ConvertAll(n => IPNetwork.Parse(n)) };
        }

        return hashed;
    }

    /// <summary>The accounts set up at start-up reach the login checks before the gateway opens (an engine failure ends the wait).</summary>
    private async Task WaitForAccountsAsync(AccountDirectory directory, List<long> expected, CancellationToken cancellationToken)
    {
        foreach (var account in expected)
        {
            await directory.WaitForAsync(account, () => _engine!.Fault is not null, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    /// <summary>
    /// Graceful stop, idempotent: no new connections; the engine drains (every journaled command is
    /// processed and its replies queued to the sessions, which stop submitting); then each session
    /// sends what is queued and a <c>SessionEnded</c>; the journal is flushed and a snapshot written.
    /// A reply still in flight when a socket closes is resent on the client's next login, from the
    /// journal, after the restart.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _ready, 0);
        await StopClusterTaskAsync().ConfigureAwait(false); // no promotion from here on
        var gateway = Interlocked.Exchange(ref _gateway, null);
        if (gateway is not null)
        {
            await gateway.StopAcceptingAsync().ConfigureAwait(false);
        }

        _engine?.Dispose();
        if (gateway is not null)
        {
            await gateway.ShutdownAsync(_engine?.Fault is null ? SessionEndReason.ServerShutdown : SessionEndReason.EngineFailed).ConfigureAwait(false);
        }

        // Last: a sync-replicated primary's final batches still wait for their standbys while the engine drains;
        // then the lease is revoked, so a standby takes over at once instead of after the TTL.
        DisposeClusterResources();
    }

    /// <summary>The engine fail-stopped: sessions learn why, and the host stops with a non-zero exit code.</summary>
    private async Task OnEngineFailedAsync(Exception cause)
    {
        // The engine has logged the one line that names the cause; this only ends the process.
        ExitCode = cause is Replication.FencedException ? ServerExitCodes.Fenced : ServerExitCodes.EngineFailed;
        _ = cause;
        if (Volatile.Read(ref _gateway) is { } gateway)
        {
            await gateway.ShutdownAsync(SessionEndReason.EngineFailed).ConfigureAwait(false);
        }

        lifetime?.StopApplication();
    }

    private ServerSettings ValidSettings()
    {
        ServerSettings s;
        try
        {
            s = settings.Value;
        }
        catch (InvalidOperationException ex)
        {
            throw new StartupException($"invalid configuration: {ex.Message}", ex);
        }

        var problems = ServerSettingsValidator.Problems(s);
        return problems.Count == 0 ? s : throw new StartupException("invalid configuration: " + string.Join("; ", problems));
    }

    /// <summary>Binds the address once before any file is touched, so a taken port or a foreign address fails start-up cleanly.</summary>
    private static void CheckListen(ServerSettings s)
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Parse(s.Address), s.Port);
        try
        {
            probe.Start();
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new StartupException(ServerExitCodes.Listen, $"cannot listen on {s.Address}:{s.Port}: {ex.Message}", ex);
        }
        finally
        {
            probe.Stop();
        }
    }

    private static void CheckWritable(string dataDirectory)
    {
        try
        {
            Directory.CreateDirectory(dataDirectory);
            var probe = Path.Combine(dataDirectory, ".write-probe");
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StartupException(ServerExitCodes.DataFolder, $"data folder {dataDirectory} is not writable: {ex.Message}", ex);
        }
    }

    private static ExchangeEngine StartEngine(EngineOptions options, Sinks sinks, ILogger logger)
    {
        try
        {
            // A standby that crashed while replacing its history with its primary's snapshot finishes the switch first.
            foreach (var aside in Journal.JournalReplacement.ResumeInterrupted(options.JournalDirectory, options.SnapshotDirectory))
            {
                SwitchFinished(logger, aside);
            }

            return ExchangeEngine.Start(options, logger, sinks.Router, sinks.MarketData, sinks.Directory);
        }
        catch (Exception ex) when (ex is Journal.JournalCorruptException or Journal.Snapshots.SnapshotMismatchException or InvalidDataException
            or IOException or UnauthorizedAccessException)
        {
            throw new StartupException(ServerExitCodes.DataFolder, $"cannot recover from {options.DataDirectory}: {ex.Message}", ex);
        }
    }

    [LoggerMessage(201, LogLevel.Warning, "Finished replacing this node's history with its primary's snapshot, interrupted by a crash; the old history is in {Aside}")]
    private static partial void SwitchFinished(ILogger logger, string aside);

    [LoggerMessage(200, LogLevel.Information, "Exchange ready on {Address}:{Port} ({Transport}, data {DataDirectory}, {Start} sequence {Sequence}, {Durability} durability, {Topology} pipeline)")]
    private static partial void Ready(ILogger logger, string address, int port, string transport, string dataDirectory, string start, long sequence, Durability durability, PipelineTopology topology);
}
