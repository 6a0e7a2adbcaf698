using Exchange.Core.Commands;
using Exchange.Core.Instruments;
using Exchange.Engine;
using Exchange.Gateway;
using Exchange.Gateway.Accounts;
using Exchange.Gateway.MarketData;
using Exchange.Gateway.Replies;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.LatencyHarness;

/// <summary>
/// The real exchange started in this process for a tcp run: engine (journaling to a temporary
/// folder with the chosen durability), reply router, market data and the TCP gateway on a loopback
/// port, with one instrument and funded accounts whose secrets follow the settings' pattern.
/// </summary>
internal sealed class ExchangeUnderTest : IAsyncDisposable
{
    private readonly string _dataDirectory;

    private ExchangeUnderTest(ExchangeEngine engine, GatewayServer gateway, string dataDirectory)
    {
        Engine = engine;
        Gateway = gateway;
        _dataDirectory = dataDirectory;
    }

    public ExchangeEngine Engine { get; }

    public GatewayServer Gateway { get; }

    /// <param name="settings">Accounts, instrument and price.</param>
    /// <param name="durability">Journal durability.</param>
    /// <param name="gateway">The gateway's limits; null lifts the throttle, so a latency run measures the exchange, not the limit.</param>
    /// <param name="trace">Stamps every command's stages for a breakdown (null: off).</param>
    public static ExchangeUnderTest Start(HarnessSettings settings, Durability durability, GatewayOptions? gateway = null, StageTrace? trace = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "exchange-latency-harness", Guid.NewGuid().ToString("N"));
        var options = (gateway ?? new GatewayOptions
        {
            HeartbeatInterval = TimeSpan.FromSeconds(5),
            ThrottleRatePerSecond = 10_000_000,
            ThrottleBurst = 1_000_000,
            ThrottleDisconnectAfter = int.MaxValue,
        }) with { Port = 0 };
        var router = new ReplyRouter(options.ResendWindow);
        var marketData = new MarketDataHub();
        var engine = ExchangeEngine.Start(new EngineOptions { DataDirectory = data, Durability = durability, Topology = settings.Topology, SnapshotOnShutdown = false, StageTrace = trace }, NullLogger.Instance, router, marketData);
        engine.Submit(Command.AddInstrument(new InstrumentSpec(settings.Instrument, "BTC-USD", 1, 2, TickSize: 1, LotSize: 1, MinQuantity: 1,
            MaxQuantity: 1_000_000, StartPrice: settings.MidPrice, PriceBandTicks: 0, PriceBandBps: 0, MakerFeeBps: 2, TakerFeeBps: 5)));
        var credentials = new CredentialStore();
        var perAccount = long.MaxValue / 4 / settings.Connections;
        for (var i = 0; i < settings.Connections; i++)
        {
            var account = settings.FirstAccount + i;
            engine.Submit(Command.AddAccount(account));
            engine.Submit(Command.Deposit(account, 1, perAccount / settings.MidPrice));
            engine.Submit(Command.Deposit(account, 2, perAccount));
            credentials.Add(AccountCredentials.Create(account, SecretOf(settings, account)));
        }

        var server = new GatewayServer(options, credentials, engine, router, marketData, NullLogger.Instance);
        server.Start();
        return new ExchangeUnderTest(engine, server, data);
    }

    public static string SecretOf(HarnessSettings settings, long account) =>
        settings.Secret.Replace("{account}", account.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync().ConfigureAwait(false);
        Engine.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder: leaving it is harmless.
        }
    }
}
