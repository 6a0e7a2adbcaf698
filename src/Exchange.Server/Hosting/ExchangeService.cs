using System.Net;
using Exchange.Core.Matching;
using Exchange.Engine;
using Exchange.Gateway;
using Exchange.Gateway.Accounts;
using Exchange.Gateway.MarketData;
using Exchange.Gateway.Replies;
using Exchange.Server.Demo;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Hosting;

/// <summary>
/// Runs the exchange inside the generic host: recovers the engine from the data folder, seeds the
/// demo world on a fresh folder, opens the gateway and logs a ready line; on SIGTERM or Ctrl-C stops
/// accepting, drains the rings, flushes the journal and writes a final snapshot.
/// </summary>
internal sealed partial class ExchangeService(IOptions<ServerSettings> settings, ILogger<ExchangeService> logger) : IHostedService, IAsyncDisposable
{
    private ExchangeEngine? _engine;
    private GatewayServer? _gateway;

    public int Port => _gateway?.Port ?? 0;

    public ExchangeEngine? Engine => _engine;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var s = settings.Value;
        var options = new EngineOptions
        {
            DataDirectory = Path.GetFullPath(s.DataDirectory),
            Durability = Enum.Parse<Durability>(s.Durability, ignoreCase: true),
            SnapshotEveryCommands = s.SnapshotEveryCommands,
            RebuildSinksFromJournal = true, // reply streams and market-data books survive a restart
            TimeTickInterval = TimeSpan.FromMilliseconds(Math.Max(0, s.TimeTickMilliseconds)),
            Matching = new MatchingEngineOptions { ExpectedOrders = s.ExpectedOrders, ExpectedAccounts = s.ExpectedAccounts },
        };
        var gatewayOptions = new GatewayOptions
        {
            Address = IPAddress.Parse(s.Address),
            Port = s.Port,
            HeartbeatInterval = TimeSpan.FromSeconds(s.HeartbeatSeconds),
            MaxConnections = s.MaxConnections,
            ThrottleRatePerSecond = s.ThrottleRatePerSecond,
            ThrottleBurst = s.ThrottleBurst,
            ResendWindow = s.ResendWindow,
            MaxQueuedBytes = s.MaxQueuedBytes,
        };
        var router = new ReplyRouter(gatewayOptions.ResendWindow);
        var marketData = new MarketDataHub();
        _engine = ExchangeEngine.Start(options, logger, router, marketData);
        if (_engine.Recovery.LastSequence == 0 && s.SeedDemo)
        {
            foreach (var command in DemoWorld.Setup())
            {
                _engine.Submit(command);
            }
        }

        var credentials = new CredentialStore();
        foreach (var account in s.Accounts)
        {
            credentials.Add(AccountCredentials.Create(account.Id, account.Secret, account.Admin));
        }

        _gateway = new GatewayServer(gatewayOptions, credentials, _engine, router, marketData, logger);
        _gateway.Start();
        Ready(logger, s.Address, _gateway.Port, options.DataDirectory, _engine.Recovery.LastSequence);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    /// <summary>Stops accepting, then drains and stops the engine (journal flushed, final snapshot). Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        var gateway = Interlocked.Exchange(ref _gateway, null);
        if (gateway is not null)
        {
            await gateway.DisposeAsync().ConfigureAwait(false);
        }

        _engine?.Dispose();
    }

    [LoggerMessage(200, LogLevel.Information, "Exchange ready on {Address}:{Port} (data {DataDirectory}, recovered to sequence {Sequence})")]
    private static partial void Ready(ILogger logger, string address, int port, string dataDirectory, long sequence);
}
