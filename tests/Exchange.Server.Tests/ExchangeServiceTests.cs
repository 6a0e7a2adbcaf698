using Exchange.Testing;
using Exchange.Client;
using Exchange.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Tests;

public sealed class ExchangeServiceTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "exchange-server-host-tests", Guid.NewGuid().ToString("N"));

    private ExchangeService Service() => new(Options.Create(new ServerSettings
    {
        DataDirectory = _data,
        Port = 0,
        Accounts = [new AccountSetting { Id = 1001, Secret = "alice-secret" }, new AccountSetting { Id = 1002, Secret = "bob-secret" }],
    }), NullLogger<ExchangeService>.Instance);

    [Fact]
    public async Task The_server_seeds_the_demo_world_trades_over_tcp_and_recovers_after_a_restart()
    {
        var first = Service();
        await first.StartAsync(CancellationToken.None);
        await using (var alice = await ExchangeClient.ConnectAsync("127.0.0.1", first.Port, 1001, "alice-secret"))
        await using (var bob = await ExchangeClient.ConnectAsync("127.0.0.1", first.Port, 1002, "bob-secret"))
        {
            await alice.PlaceLimitAsync(1, 1, 2, 65_100, 3);
            await alice.WaitForAsync<Protocol.OrderEntry.OrderAccepted>(TimeSpan.FromSeconds(10));
            await bob.PlaceLimitAsync(2, 1, 1, 65_100, 1);
            var fill = await bob.WaitForAsync<Protocol.OrderEntry.OrderExecuted>(TimeSpan.FromSeconds(10));
            Assert.Equal(65_100, fill.Price);
        }

        await first.StopAsync(CancellationToken.None);
        var stoppedAt = first.Engine!.StoppedState.LastSequence;
        Assert.True(stoppedAt > 14, $"demo set-up plus two orders, got {stoppedAt}");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_data, "snapshots")));

        var second = Service();
        await second.StartAsync(CancellationToken.None);
        Assert.Equal(stoppedAt, second.Engine!.Recovery.LastSequence);
        await using (var alice = await ExchangeClient.ConnectAsync("127.0.0.1", second.Port, 1001, "alice-secret"))
        {
            await alice.CancelAsync(0, 1);
            Assert.Equal(2, (await alice.WaitForAsync<Protocol.OrderEntry.OrderCanceled>(TimeSpan.FromSeconds(10))).Quantity);
        }

        await second.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Gateway_limits_come_from_the_configuration()
    {
        var service = new ExchangeService(Options.Create(new ServerSettings
        {
            DataDirectory = _data,
            Port = 0,
            MaxConnections = 1,
            ThrottleRatePerSecond = 1,
            ThrottleBurst = 2,
            Accounts = [new AccountSetting { Id = 1001, Secret = "alice-secret" }, new AccountSetting { Id = 1002, Secret = "bob-secret" }],
        }), NullLogger<ExchangeService>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            await using var alice = await ExchangeClient.ConnectAsync("127.0.0.1", service.Port, 1001, "alice-secret");

            // MaxConnections = 1: a second connection is refused on arrival with LoginRejected 5.
            var refused = await Assert.ThrowsAsync<LoginRejectedException>(() => ExchangeClient.ConnectAsync("127.0.0.1", service.Port, 1002, "bob-secret"));
            Assert.Equal(Protocol.Session.LoginRejectReason.TooManyConnections, refused.Reason);

            // A burst of 2 at 1 per second: the third order at once is throttled.
            for (var i = 1; i <= 3; i++)
            {
                await alice.PlaceLimitAsync(i, 1, 1, 60_000, 1);
            }

            var reject = await alice.WaitForAsync<Protocol.Session.ProtocolReject>(TimeSpan.FromSeconds(10));
            Assert.Equal((ushort)Protocol.Session.ProtocolRejectReason.Throttled, reject.Reason);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class RestartTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "exchange-server-restart-tests", Guid.NewGuid().ToString("N"));

    private ExchangeService Service() => new(Options.Create(new ServerSettings
    {
        DataDirectory = _data,
        Port = 0,
        Accounts = [new AccountSetting { Id = 1001, Secret = "alice-secret" }, new AccountSetting { Id = 1002, Secret = "bob-secret" }, new AccountSetting { Id = 1003, Secret = "carol-secret" }],
    }), NullLogger<ExchangeService>.Instance);

    [Fact]
    public async Task After_a_restart_missed_replies_are_resent_and_market_data_shows_the_book()
    {
        var first = Service();
        await first.StartAsync(CancellationToken.None);
        long lastSeen;
        await using (var alice = await ExchangeClient.ConnectAsync("127.0.0.1", first.Port, 1001, "alice-secret"))
        {
            await alice.PlaceLimitAsync(1, 1, 2, 65_100, 3);
            await alice.WaitForAsync<Protocol.OrderEntry.OrderAccepted>(TimeSpan.FromSeconds(10));
            lastSeen = alice.LastSequence;
        }

        await using (var bob = await ExchangeClient.ConnectAsync("127.0.0.1", first.Port, 1002, "bob-secret"))
        {
            await bob.PlaceLimitAsync(2, 1, 1, 65_100, 1);
            await bob.WaitForAsync<Protocol.OrderEntry.OrderExecuted>(TimeSpan.FromSeconds(10));
        }

        await first.StopAsync(CancellationToken.None);

        var second = Service();
        await second.StartAsync(CancellationToken.None);
        await using (var alice = await ExchangeClient.ConnectAsync("127.0.0.1", second.Port, 1001, "alice-secret", lastSeen))
        {
            var missed = await alice.WaitForAsync<Protocol.OrderEntry.OrderExecuted>(TimeSpan.FromSeconds(10));
            Assert.Equal((ulong)lastSeen + 1, missed.Sequence);
            Assert.Equal(2, missed.Leaves);
        }

        await using (var carol = await ExchangeClient.ConnectAsync("127.0.0.1", second.Port, 1003, "carol-secret"))
        {
            await carol.SendAsync(new Protocol.MarketData.Subscribe(1, 10, 0));
            var level = await carol.WaitForAsync<Protocol.MarketData.BookLevel>(TimeSpan.FromSeconds(10));
            Assert.Equal((65_100L, 2L, 2), (level.Price, level.Quantity, (int)level.Side));
        }

        await second.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class ResumeAfterRestartTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "exchange-server-resume-tests", Guid.NewGuid().ToString("N"));

    private ExchangeService Service(int port) => new(Options.Create(new ServerSettings
    {
        DataDirectory = _data,
        Port = port,
        Accounts = [new AccountSetting { Id = 1001, Secret = "alice-secret" }],
    }), NullLogger<ExchangeService>.Instance);

    [Fact]
    public async Task A_client_resumes_by_itself_after_a_server_restart_and_no_acknowledged_order_is_lost()
    {
        var port = FreePorts.Next();

        var first = Service(port);
        await first.StartAsync(CancellationToken.None);
        await using var alice = await ExchangeClient.ConnectAsync("127.0.0.1", port, 1001, "alice-secret", autoReconnect: true);
        await alice.PlaceLimitAsync(1, 1, 2, 65_500, 1);
        var before = await alice.WaitForAsync<Protocol.OrderEntry.OrderAccepted>(TimeSpan.FromSeconds(10));
        await first.StopAsync(CancellationToken.None);

        var second = Service(port);
        await second.StartAsync(CancellationToken.None);
        Assert.True(SpinWait.SpinUntil(() => alice.Reconnects == 1, TimeSpan.FromSeconds(20)), "the client did not reconnect");
        await alice.PlaceLimitAsync(2, 1, 2, 65_600, 1);
        var after = await alice.WaitForAsync<Protocol.OrderEntry.OrderAccepted>(TimeSpan.FromSeconds(10));
        Assert.True(after.Sequence > before.Sequence);

        var open = await alice.QueryOpenOrdersAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1UL, 2UL], open.Select(o => o.ClientOrderId).Order());
        await second.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
