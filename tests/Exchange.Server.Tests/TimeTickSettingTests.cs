using Exchange.Client;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Tests;

/// <summary><c>TimeTickMilliseconds</c> reaches the engine: with ticks a due GTD order expires on an idle server, without them it waits.</summary>
/// <remarks>
/// No step depends on the machine keeping a deadline: the expire time is chosen only when the order
/// is sent, and if a stall on a loaded machine lets it pass before the order is stamped (rejected
/// as an invalid expire time), the order is sent again with twice the lead. Waits are for events,
/// with generous timeouts.
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
            var expireAt = await PlaceGtdOrderAsync(alice);
            if (expires)
            {
                var expired = await alice.WaitForAsync<OrderCanceled>(Generous);
                Assert.Equal(1, expired.Expired);
            }
            else
            {
                // Let the wall clock pass the expire time by a clear margin; with no ticks and no
                // other command, nothing stamps a time at or after it, so the order must still rest.
                while (UnixNanosNow() < expireAt + TimeSpan.FromMilliseconds(500).Ticks * 100)
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

    /// <summary>Places a GTD buy that expires a little after it is sent; returns its expire time (ns since the epoch).</summary>
    private static async Task<long> PlaceGtdOrderAsync(ExchangeClient client)
    {
        var lead = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            var expireAt = UnixNanosNow() + (lead.Ticks * 100);
            await client.PlaceLimitV2Async(attempt, 1, 1, 60_000, 1, timeInForce: 4, expireTime: expireAt);
            var answer = await NextOrderAnswerAsync(client);
            if (answer.Type == MessageType.OrderAccepted)
            {
                return expireAt;
            }

            var rejected = answer.As<OrderRejected>();
            Assert.Equal((ushort)Core.Orders.RejectReason.InvalidExpireTime, rejected.Reason);
            Assert.True(attempt < 8, "the machine stalled past every expire time tried");
            lead *= 2; // the machine stalled past the expire time before the order was stamped
        }
    }

    private static async Task<ServerMessage> NextOrderAnswerAsync(ExchangeClient client)
    {
        using var timeout = new CancellationTokenSource(Generous);
        while (true)
        {
            var message = await client.Messages.ReadAsync(timeout.Token);
            if (message.Type is MessageType.OrderAccepted or MessageType.OrderRejected)
            {
                return message;
            }
        }
    }

    private static long UnixNanosNow() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

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
