using Exchange.Client;
using Exchange.Protocol.OrderEntry;
using Exchange.Server.Hosting;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Tests;

/// <summary><c>TimeTickMilliseconds</c> reaches the engine: with ticks a due GTD order expires on an idle server, without them it waits.</summary>
/// <remarks>
/// No step depends on the machine keeping a deadline (<see cref="ExpiringOrders"/>); waits are for
/// events, with generous timeouts.
/// </remarks>
public sealed class TimeTickSettingTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
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
            var expireAt = await ExpiringOrders.PlaceGtdBuyAsync(alice, 1, 1, 60_000, 1, TimeSpan.FromMilliseconds(500));
            if (expires)
            {
                var expired = await alice.WaitForAsync<OrderCanceled>(Generous);
                Assert.Equal(1, expired.Expired);
            }
            else
            {
                // Let the wall clock pass the expire time by a clear margin; with no ticks and no
                // other command, nothing stamps a time at or after it, so the order must still rest.
                while (ExpiringOrders.UnixNanosNow() < expireAt + TimeSpan.FromMilliseconds(500).Ticks * 100)
                {
                    await Task.Delay(100);
                }

                Assert.Single(await alice.QueryOpenOrdersAsync(Generous));
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
