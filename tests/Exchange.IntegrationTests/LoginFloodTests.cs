using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Exchange.Core.Orders;
using Exchange.Gateway;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;

namespace Exchange.IntegrationTests;

/// <summary>
/// Wrong logins in a hurry cost the server a password check per penalty, not one per attempt: once an
/// address has failed, the logins beyond its next turns are refused unchecked (LoginRejected 8) after a
/// tarpit wait, and the right secret still gets in once the flood stops; an account whose session was
/// ended for flooding is locked out for a while (8), the right secret notwithstanding.
/// </summary>
public sealed class LoginFloodTests
{
    private static readonly GatewayOptions Options = new()
    {
        // A long login deadline: on a loaded machine a login may wait for threads as well as for its turn.
        MaxLoginFailureDelay = TimeSpan.FromSeconds(1), MaxLoginTurnWait = TimeSpan.FromSeconds(2), LoginTimeout = TimeSpan.FromSeconds(60),
        HeartbeatInterval = TimeSpan.FromSeconds(30),
        MaxUnauthenticatedPerAddress = 64, // twelve logins at once from one address: the penalties are under test here, not the slots
    };

    [Fact]
    public async Task A_flood_of_wrong_logins_is_refused_unchecked_after_a_wait_and_the_right_secret_still_gets_in()
    {
        await using var host = await ExchangeHost.StartAsync(Options);
        var port = host.Gateway.Port;
        for (var i = 0; i < 5; i++) // one at a time: each failure doubles the penalty, up to 1 s
        {
            var failed = await LoginAsync(port, 2, "wrong");
            Assert.True(failed.Reason == (ushort)LoginRejectReason.NotAuthorized, $"attempt {i}: reason {failed.Reason} after {failed.Elapsed.TotalMilliseconds} ms");
        }

        var flood = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => LoginAsync(port, 2, "wrong")));
        Assert.All(flood, a => Assert.Equal(MessageType.LoginRejected, a.Type));
        Assert.All(flood, a => Assert.Contains(a.Reason, new[] { (ushort)LoginRejectReason.NotAuthorized, (ushort)LoginRejectReason.LockedOut }));
        var unchecked_ = flood.Where(a => a.Reason == (ushort)LoginRejectReason.LockedOut).ToList();
        Assert.True(unchecked_.Count >= 8, $"only {unchecked_.Count} of 12 were refused unchecked: turns a second apart leave room for at most 3 checks in the 2 s wait");
        Assert.All(unchecked_, a => Assert.True(a.Elapsed >= TimeSpan.FromMilliseconds(90), $"answered after {a.Elapsed.TotalMilliseconds} ms: no tarpit"));

        // The owner of the account, from the same address, gets in once the flood is over (retrying on 8).
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var answer = await LoginAsync(port, 2, "secret-2");
            if (answer.Type == MessageType.LoginAccepted)
            {
                break;
            }

            Assert.Equal((ushort)LoginRejectReason.LockedOut, answer.Reason);
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "the right secret never got in");
            await Task.Delay(500);
        }
    }

    [Fact]
    public async Task An_account_cut_off_for_flooding_is_locked_out_for_a_while_even_with_the_right_secret()
    {
        await using var host = await ExchangeHost.StartAsync(Options with { ThrottleRatePerSecond = 1_000, ThrottleBurst = 10, ThrottleDisconnectAfter = 100 });
        using (var flood = new RawSession(host.Gateway.Port, 1, "secret-1"))
        {
            var sending = Task.Run(() =>
            {
                try
                {
                    for (ulong id = 1; id <= 5_000; id++)
                    {
                        flood.Send(new NewOrder(id, id, 1, (byte)Side.Buy, (byte)OrderType.Limit, (byte)TimeInForce.Gtc, 0, 0, 0, 0, 90, 1, 0));
                    }
                }
                catch (SocketException)
                {
                    // ended by the server: expected
                }
            });
            Assert.True(flood.SkipTo(MessageType.SessionEnded) >= 0);
            await sending.WaitAsync(ExchangeHost.Patience);
        }

        var cutOff = Stopwatch.StartNew();
        var again = await LoginAsync(host.Gateway.Port, 1, "secret-1");
        Assert.Equal((MessageType.LoginRejected, (ushort)LoginRejectReason.LockedOut), (again.Type, again.Reason));
        while (again.Type != MessageType.LoginAccepted)
        {
            Assert.True(cutOff.Elapsed < TimeSpan.FromSeconds(60), "never let back in");
            await Task.Delay(200);
            again = await LoginAsync(host.Gateway.Port, 1, "secret-1");
        }

        // The lockout (1 s) began when the server ended the session, before this client read SessionEnded: on a
        // loaded machine the client's own clock starts late, so only a loose lower bound holds.
        Assert.True(cutOff.Elapsed >= TimeSpan.FromMilliseconds(300), $"let back in after {cutOff.Elapsed.TotalMilliseconds} ms: the lockout is 1 s");
    }

    private static Task<(MessageType Type, ushort Reason, TimeSpan Elapsed)> LoginAsync(int port, long account, string secret) => RawLogin.LoginAsync(port, account, secret);
}
