using Exchange.Client;
using Exchange.Core.Commands;
using Exchange.Engine;
using Exchange.Gateway;
using Exchange.Gateway.Accounts;
using Exchange.Gateway.Replies;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.IntegrationTests;

/// <summary>
/// A real engine and gateway on a loopback ephemeral port, with one plain instrument and three
/// funded accounts (1, 2, 3; secret "secret-N"). Clients connect through the real client SDK.
/// </summary>
public sealed class ExchangeHost : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>An admin login (secret "admin-secret"); it has no trading account in the engine.</summary>
    public const long AdminAccount = 9;

    private readonly string _data = Path.Combine(Path.GetTempPath(), "exchange-integration", Guid.NewGuid().ToString("N"));

    private ExchangeHost(ExchangeEngine engine, GatewayServer gateway)
    {
        Engine = engine;
        Gateway = gateway;
    }

    public ExchangeEngine Engine { get; }

    public GatewayServer Gateway { get; }

    /// <summary>How many commands <see cref="StartAsync"/> submits before the first client connects.</summary>
    public const int SetupCommands = 11;

    /// <param name="options">Gateway limits (the port is always picked free).</param>
    /// <param name="engine">Changes to the engine's options (a test's disk seam, ring sizes).</param>
    public static async Task<ExchangeHost> StartAsync(GatewayOptions? options = null, Func<EngineOptions, EngineOptions>? engine = null)
    {
        // A long heartbeat by default: tests share two cores with other test assemblies, and a missed
        // heartbeat must not end a session that a test is still using. The heartbeat test sets its own.
        options ??= new GatewayOptions { HeartbeatInterval = TimeSpan.FromSeconds(5) };
        options = options with { Port = 0 };
        var router = new ReplyRouter(options.ResendWindow);
        var marketData = new Exchange.Gateway.MarketData.MarketDataHub();
        var data = Path.Combine(Path.GetTempPath(), "exchange-integration", Guid.NewGuid().ToString("N"));
        var engineOptions = new EngineOptions { DataDirectory = data, SnapshotOnShutdown = false };
        var directory = new AccountDirectory(); // accounts onboarded at run time log in too, as on the real server
        var exchange = ExchangeEngine.Start(engine?.Invoke(engineOptions) ?? engineOptions, NullLogger.Instance, router, marketData, directory);
        exchange.Submit(Command.AddInstrument(Specs.Plain()));
        var credentials = new CredentialStore(directory);
        for (long account = 1; account <= 3; account++)
        {
            exchange.Submit(Command.AddAccount(account));
            exchange.Submit(Command.Deposit(account, Specs.Btc, 1_000));
            exchange.Submit(Command.Deposit(account, Specs.Usd, 1_000_000));
            credentials.Add(AccountCredentials.Create(account, $"secret-{account}"));
        }

        exchange.Submit(Command.AddAccount(AdminAccount));
        credentials.Add(AccountCredentials.Create(AdminAccount, "admin-secret", isAdmin: true));
        var deadline = DateTime.UtcNow + Patience;
        await directory.WaitForAsync(AdminAccount, () => DateTime.UtcNow > deadline); // the set-up reaches the login checks before the first client connects

        var gateway = new GatewayServer(options, credentials, exchange, router, marketData, NullLogger.Instance);
        gateway.Start();
        await Task.Yield();
        return new ExchangeHost(exchange, gateway) { DataPath = data };
    }

    public string DataPath { get; private init; } = string.Empty;

    public Task<ExchangeClient> ConnectAsync(long account, long lastSeen = 0, bool cancelOnDisconnect = false, bool marketDataOnly = false) =>
        ExchangeClient.ConnectAsync("127.0.0.1", Gateway.Port, account, account == AdminAccount ? "admin-secret" : $"secret-{account}", lastSeen, cancelOnDisconnect,
            marketDataOnly: marketDataOnly);

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Engine.Dispose();
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (IOException)
        {
        }

        _ = _data;
    }
}
