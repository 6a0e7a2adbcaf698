using Exchange.Testing;
using System.Diagnostics;
using System.Net.Sockets;
using Exchange.Core.Orders;
using Exchange.Gateway;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;

namespace Exchange.IntegrationTests;

/// <summary>
/// Longer abuse runs (Category=Soak, out of the default run; login flood, silent sockets, junk senders,
/// throttle flood): an honest session keeps trading for
/// half a minute beside each abuse and never waits more than a few seconds for an answer.
/// The short versions are in <see cref="UnauthenticatedClientTests"/>, <see cref="ThrottleTests"/>
/// and <see cref="BusyTests"/>; the rates are measured by <c>latency-harness abuse</c>.
/// </summary>
[Trait("Category", "Soak")]
public sealed class AbuseSoakTests
{
    private static readonly TimeSpan Length = TimeSpan.FromSeconds(30);

    [Fact]
    public Task An_honest_session_trades_through_a_login_flood() => HonestSessionBeside(async (port, stop) =>
    {
        var frame = new byte[128];
        var length = FrameCodec.Write(frame, new Login(2, 2, 0, 0, 0, "wrong"));
        while (!stop.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync("127.0.0.1", port, stop);
                await socket.SendAsync(frame.AsMemory(0, length), stop);
                _ = await socket.ReceiveAsync(new byte[64], stop);
            }
            catch (SocketException)
            {
            }
        }
    });

    [Fact]
    public Task An_honest_session_trades_beside_silent_sockets_at_the_cap() => HonestSessionBeside(async (port, stop) =>
    {
        var sockets = new List<Socket>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                sockets.RemoveAll(s => s.Poll(0, SelectMode.SelectRead) && Dispose(s));
                while (sockets.Count < 256)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await socket.ConnectAsync("127.0.0.1", port, stop);
                    sockets.Add(socket);
                }

                await Task.Delay(50, stop);
            }
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    });

    [Fact]
    public Task An_honest_session_trades_beside_a_session_that_floods_past_its_throttle_and_logs_back_in() => HonestSessionBeside(async (port, stop) =>
    {
        var login = new byte[128];
        var loginLength = FrameCodec.Write(login, new Login(2, 2, 0, 0, ulong.MaxValue, "secret-2"));
        var batch = new byte[64 * 1024];
        var used = 0;
        ulong id = 0;
        while (used + 128 <= batch.Length)
        {
            used += FrameCodec.Write(batch.AsSpan(used), new NewOrder(++id, id, 1, (byte)Side.Buy, (byte)OrderType.Limit, (byte)TimeInForce.Gtc, 0, 0, 0, 0, 80, 1, 0));
        }

        while (!stop.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync("127.0.0.1", port, stop);
                await socket.SendAsync(login.AsMemory(0, loginLength), stop);
                var draining = Task.Run(async () =>
                {
                    var sink = new byte[64 * 1024];
                    while (await socket.ReceiveAsync(sink, stop) > 0)
                    {
                    }
                }, stop);
                while (!stop.IsCancellationRequested)
                {
                    await socket.SendAsync(batch.AsMemory(0, used), stop); // cut off for flooding, then locked out: log in again and again
                }

                await draining;
            }
            catch (SocketException)
            {
            }
        }
    });

    [Fact]
    public Task An_honest_session_trades_beside_clients_that_send_junk_and_never_read() => HonestSessionBeside(async (port, stop) =>
    {
        var junk = new byte[64 * 1024];
        for (var i = 0; i + 16 <= junk.Length; i += 16)
        {
            FrameCodec.Write(junk.AsSpan(i), new ClientHeartbeat()); // valid frames, none of them a Login
        }

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                try
                {
                    await socket.ConnectAsync("127.0.0.1", port, stop);
                    while (!stop.IsCancellationRequested)
                    {
                        await socket.SendAsync(junk, stop); // and never read
                    }
                }
                catch (SocketException)
                {
                }
            }
        }, CancellationToken.None)));
    });

    private static bool Dispose(Socket socket)
    {
        socket.Dispose();
        return true;
    }

    private static async Task HonestSessionBeside(Func<int, CancellationToken, Task> abuse)
    {
        await using var host = await ExchangeHost.StartAsync(new GatewayOptions());
        await using var honest = await host.ConnectAsync(1);
        using var stop = new CancellationTokenSource();
        var abusing = Task.Run(() => abuse(host.Gateway.Port, stop.Token));
        var watch = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        var id = 0L;
        while (watch.Elapsed < Length)
        {
            var start = watch.Elapsed;
            await honest.PlaceLimitAsync(++id, 1, (byte)Side.Buy, 90, 1, timeInForce: 2);
            await honest.WaitForAsync<OrderCanceled>(ExchangeHost.Patience);
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, (watch.Elapsed - start).Ticks));
        }

        await stop.CancelAsync();
        try
        {
            await abusing;
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(id > 1_000, $"{id} round trips in {Length.TotalSeconds} s");
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"slowest round trip {slowest.TotalMilliseconds:F0} ms");
    }
}
