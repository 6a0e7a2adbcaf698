using System.Diagnostics;
using System.Net.Sockets;
using Exchange.Gateway;
using Exchange.Protocol.Framing;
using Exchange.Protocol.Session;

namespace Exchange.IntegrationTests;

/// <summary>
/// Attackers spread over many source addresses (127.0.0.2 and up, as clients on other hosts would be) and an
/// honest client on 127.0.0.1: guessing an account's secret costs the guessers, never the owner logging in
/// from an address it used before; idle anonymous sockets cannot keep a newcomer from logging in.
/// </summary>
public sealed class AddressSpreadTests
{
    private static readonly GatewayOptions Options = new()
    {
        MaxLoginFailureDelay = TimeSpan.FromSeconds(1), MaxLoginTurnWait = TimeSpan.FromSeconds(2), LoginTimeout = TimeSpan.FromSeconds(60),
        HeartbeatInterval = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public Task Wrong_secrets_for_an_account_from_16_addresses_never_lock_out_its_owner() => TargetedAttackAsync(addresses: 16, ownerLogins: 5);

    /// <summary>The same attack from 200 addresses for the owner's 60 logins, about half a minute.</summary>
    [Fact]
    [Trait("Category", "Soak")]
    public Task Wrong_secrets_from_200_addresses_for_half_a_minute_never_lock_out_the_owner() => TargetedAttackAsync(addresses: 200, ownerLogins: 60);

    private static async Task TargetedAttackAsync(int addresses, int ownerLogins)
    {
        await using var host = await ExchangeHost.StartAsync(Options);
        var port = host.Gateway.Port;
        Assert.Equal(MessageType.LoginAccepted, (await RawLogin.LoginAsync(port, 2, "secret-2")).Type); // the owner has used this address before

        using var stop = new CancellationTokenSource();
        var answers = new System.Collections.Concurrent.ConcurrentBag<ushort>();
        var attackers = Enumerable.Range(2, addresses).Select(n => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                answers.Add((await RawLogin.LoginAsync(port, 2, "guess", $"127.0.{n / 250}.{2 + (n % 250)}")).Reason);
            }
        })).ToList();

        // Let the guessing drive the account's penalty up (many wrong checks, then refusals unchecked).
        var warm = Stopwatch.StartNew();
        while (answers.Count(r => r == (ushort)LoginRejectReason.LockedOut) < 16 && warm.Elapsed < ExchangeHost.Patience)
        {
            await Task.Delay(100);
        }

        var owner = new List<(MessageType Type, ushort Reason, TimeSpan Elapsed)>();
        for (var i = 0; i < ownerLogins; i++)
        {
            owner.Add(await RawLogin.LoginAsync(port, 2, "secret-2"));
            await Task.Delay(200);
        }

        await stop.CancelAsync();
        await Task.WhenAll(attackers);
        Assert.True(answers.Count(r => r == (ushort)LoginRejectReason.LockedOut) >= 16, $"the attack never reached the account's penalty: {answers.Count} answers");
        Assert.All(owner, o => Assert.True(o.Type == MessageType.LoginAccepted, $"the owner was refused {o.Reason} after {o.Elapsed.TotalMilliseconds} ms"));
    }

    [Fact]
    public async Task Idle_connections_from_many_addresses_cannot_keep_a_newcomer_from_logging_in()
    {
        await using var host = await ExchangeHost.StartAsync(Options with { MaxUnauthenticated = 16, MaxUnauthenticatedPerAddress = 2 });
        var port = host.Gateway.Port;
        using var timeout = new CancellationTokenSource(ExchangeHost.Patience);
        var idle = new List<Socket>();
        try
        {
            for (var n = 2; n < 42; n++) // 40 idle sockets from 40 addresses, more than twice the cap
            {
                idle.Add(await RawLogin.ConnectAsync(port, $"127.0.0.{n}", timeout.Token));
            }

            var newcomer = await RawLogin.LoginAsync(port, 1, "secret-1");
            Assert.True(newcomer.Type == MessageType.LoginAccepted, $"refused {newcomer.Reason}");

            // The oldest idle ones were told why and closed; the newest still wait; never more than the cap.
            var (type, reason) = await RawLogin.ReadAnswerAsync(idle[0], timeout.Token);
            Assert.Equal((MessageType.LoginRejected, (ushort)LoginRejectReason.TooManyConnections), (type, reason));
            Assert.True(host.Gateway.SessionCounts().Anonymous <= 16, $"{host.Gateway.SessionCounts().Anonymous} anonymous connections");

            // One address can hold only two waiting connections: its third pushes out its first.
            var same = new List<Socket>();
            for (var i = 0; i < 3; i++)
            {
                same.Add(await RawLogin.ConnectAsync(port, "127.0.0.200", timeout.Token));
            }

            idle.AddRange(same);
            Assert.Equal((MessageType.LoginRejected, (ushort)LoginRejectReason.TooManyConnections), await RawLogin.ReadAnswerAsync(same[0], timeout.Token));
        }
        finally
        {
            foreach (var socket in idle)
            {
                socket.Dispose();
            }
        }
    }
}
