using Exchange.Client;
using Exchange.Protocol.OrderEntry;
using Exchange.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Tests;

/// <summary><c>TimeTickMilliseconds</c> reaches the engine: with ticks a due GTD order expires on an idle server, without them it waits.</summary>
public sealed class TimeTickSettingTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "exchange-server-tick-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(20, true)]
    [InlineData(0, false)]
    public async Task A_due_gtd_order_expires_on_an_idle_server_only_with_time_ticks(int tickMilliseconds, bool expires)
    {
        var service = new ExchangeService(Options.Create(new ServerSettings
        {
            DataDirectory = Path.Combine(_data, tickMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Port = 0,
            TimeTickMilliseconds = tickMilliseconds,
            Accounts = [new AccountSetting { Id = 1001, Secret = "alice-secret" }],
        }), NullLogger<ExchangeService>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            await using var alice = await ExchangeClient.ConnectAsync("127.0.0.1", service.Port, 1001, "alice-secret");
            var expireAt = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks + TimeSpan.FromMilliseconds(200).Ticks) * 100;
            await alice.PlaceLimitV2Async(1, 1, 1, 60_000, 1, timeInForce: 4, expireTime: expireAt);
            await alice.WaitForAsync<OrderAccepted>(TimeSpan.FromSeconds(10));
            if (expires)
            {
                var expired = await alice.WaitForAsync<OrderCanceled>(TimeSpan.FromSeconds(10));
                Assert.Equal(1, expired.Expired);
            }
            else
            {
                await Task.Delay(800);
                Assert.Single(await alice.QueryOpenOrdersAsync(TimeSpan.FromSeconds(10)));
            }
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
