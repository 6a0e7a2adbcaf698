using Exchange.Testing;
using System.Diagnostics;
using Exchange.Client;
using Exchange.Core.Orders;
using Exchange.Gateway;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;

namespace Exchange.IntegrationTests;

/// <summary>
/// A client that goes away without Logout (an orderly close or a reset) ends its session as soon as
/// the socket says so, not when a heartbeat is missed: its orders are canceled (cancel on
/// disconnect) and the account may log in again at once.
/// </summary>
public sealed class DisconnectTests
{
    /// <summary>Long enough that a session ended only by a missed heartbeat would take over a minute.</summary>
    private static readonly GatewayOptions SlowHeartbeat = new() { HeartbeatInterval = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_dropped_connection_cancels_its_orders_and_frees_the_login_at_once(bool reset)
    {
        await using var host = await ExchangeHost.StartAsync(SlowHeartbeat);
        var alice = new RawSession(host.Gateway.Port, 1, "secret-1", cancelOnDisconnect: true);
        alice.Send(new NewOrder(1, 1, 1, (byte)Side.Buy, (byte)OrderType.Limit, (byte)TimeInForce.Gtc, 0, 0, 0, 0, 90, 5, 0));
        alice.SkipTo(Protocol.Framing.MessageType.OrderAccepted);

        var watch = Stopwatch.StartNew();
        if (reset)
        {
            alice.Reset();
        }
        else
        {
            alice.Dispose();
        }

        // Log in again as soon as the server lets us; before the fix this took a missed heartbeat.
        ExchangeClient? again = null;
        while (again is null)
        {
            try
            {
                again = await host.ConnectAsync(1);
            }
            catch (LoginRejectedException ex) when (ex.Reason == LoginRejectReason.AlreadyLoggedIn && watch.Elapsed < ExchangeHost.Patience)
            {
                await Task.Delay(10);
            }
        }

        await using (again)
        {
            var canceled = await again.WaitForAsync<OrderCanceled>(ExchangeHost.Patience); // resent from the account's stream
            Assert.Equal(5, canceled.Quantity);
            var elapsed = watch.Elapsed;
            Assert.Empty(await again.QueryOpenOrdersAsync(ExchangeHost.Patience));
            // Measured 33-55 ms here (a new login included), and 6 s once in a CI run whose test assemblies
            // loaded both cores; the bound only separates "the socket said so" from "a heartbeat was missed"
            // (90 s with this interval), so it is a third of that, not a tight deadline.
            Assert.True(elapsed < TimeSpan.FromSeconds(30), $"noticed after {elapsed.TotalMilliseconds:F0} ms");
        }
    }
}
