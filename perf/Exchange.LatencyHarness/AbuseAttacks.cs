using System.Net.Sockets;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;

namespace Exchange.LatencyHarness;

/// <summary>
/// The hostile clients of the abuse run, each a loop until cancelled that counts what it managed to
/// do (logins tried, sockets opened, frames sent), so a report can show the attack really ran.
/// </summary>
internal static class AbuseAttacks
{
    /// <summary>What an attack is told: where the exchange listens and, for the throttle flood, an account it may log in to.</summary>
    public sealed record Target(int Port, long Account, string Secret, int Instrument, long MidPrice);

    public static Task RunAsync(string kind, Target target, Counter done, CancellationToken stop) => kind switch
    {
        "login-flood" => WrongLoginsAsync(target.Port, 1, 8, Here, done, stop),
        "idle-sockets" => SilentSocketsAsync(target.Port, 256, Here, done, stop),
        "junk-senders" => JunkSendersAsync(target.Port, 32, done, stop),
        "throttle-flood" => ThrottleFloodAsync(target, done, stop),
        "targeted-lockout" => WrongLoginsAsync(target.Port, target.Account, 16, SocketFrom, done, stop),
        "spread-sockets" => SilentSocketsAsync(target.Port, 320, n => SocketFrom(n % 250), done, stop),
        _ => throw new ArgumentException($"unknown attack '{kind}'", nameof(kind)),
    };

    public static IReadOnlyList<string> Kinds { get; } = ["login-flood", "idle-sockets", "junk-senders", "throttle-flood", "targeted-lockout", "spread-sockets"];

    /// <summary>
    /// A source address of 127.0.0.0/8 other than 127.0.0.1, where the honest client is: connections from
    /// it stand in for clients on other hosts (the kernel routes the whole /8 to loopback).
    /// </summary>
    private static System.Net.IPEndPoint Elsewhere(int n) => new(new System.Net.IPAddress([127, 0, (byte)(n / 250), (byte)(2 + (n % 250))]), 0);

    /// <summary>A TCP socket bound to <see cref="Elsewhere"/>(<paramref name="n"/>).</summary>
    private static Socket SocketFrom(int n)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(Elsewhere(n));
        return socket;
    }

    /// <summary>What an attack counts: one per login tried, socket opened or frame sent.</summary>
    public sealed class Counter
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Add(long n) => Interlocked.Add(ref _count, n);
    }

    /// <summary>A socket from 127.0.0.1, where the honest client is too (the same address for every socket of the attack).</summary>
    private static Socket Here(int unused) => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    /// <summary><paramref name="connections"/> loops logging in to <paramref name="account"/> with a wrong secret, each on sockets <paramref name="newSocket"/> makes.</summary>
    private static async Task WrongLoginsAsync(int port, long account, int connections, Func<int, Socket> newSocket, Counter done, CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, connections).Select(n => Task.Run(async () =>
        {
            var frame = new byte[128];
            var length = FrameCodec.Write(frame, new Login((ulong)account, 2, 0, 0, 0, "not-the-secret"));
            while (!stop.IsCancellationRequested)
            {
                using var socket = newSocket(n);
                try
                {
                    await socket.ConnectAsync("127.0.0.1", port, stop).ConfigureAwait(false);
                    await socket.SendAsync(frame.AsMemory(0, length), stop).ConfigureAwait(false);
                    done.Add(1);
                    _ = await socket.ReceiveAsync(new byte[64], stop).ConfigureAwait(false); // the reject
                }
                catch (SocketException)
                {
                }
            }
        }, CancellationToken.None))).ConfigureAwait(false);
    }

    /// <summary>Holds <paramref name="count"/> silent sockets open (the <c>n</c>th made by <paramref name="newSocket"/>); ten times a second reopens those refused at a cap, evicted or closed at the login deadline.</summary>
    private static async Task SilentSocketsAsync(int port, int count, Func<int, Socket> newSocket, Counter done, CancellationToken stop)
    {
        var sockets = new List<Socket>();
        var next = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                sockets.RemoveAll(s =>
                {
                    if (s.Poll(0, SelectMode.SelectRead))
                    {
                        s.Dispose();
                        return true;
                    }

                    return false;
                });
                while (sockets.Count < count && !stop.IsCancellationRequested)
                {
                    var socket = newSocket(next++);
                    try
                    {
                        await socket.ConnectAsync("127.0.0.1", port, stop).ConfigureAwait(false);
                        sockets.Add(socket);
                        done.Add(1);
                    }
                    catch (SocketException)
                    {
                        socket.Dispose();
                    }
                }

                await Task.Delay(100, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    private static async Task JunkSendersAsync(int port, int count, Counter done, CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
        {
            var junk = new byte[64 * 1024];
            for (var i = 0; i + 16 <= junk.Length; i += 16)
            {
                FrameCodec.Write(junk.AsSpan(i), new ClientHeartbeat()); // valid frames, none of them a Login
            }

            while (!stop.IsCancellationRequested)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                try
                {
                    await socket.ConnectAsync("127.0.0.1", port, stop).ConfigureAwait(false);
                    while (!stop.IsCancellationRequested)
                    {
                        done.Add(await socket.SendAsync(junk, stop).ConfigureAwait(false) / 16); // and never read
                    }
                }
                catch (SocketException)
                {
                }
            }
        }, CancellationToken.None))).ConfigureAwait(false);
    }

    private static async Task ThrottleFloodAsync(Target target, Counter done, CancellationToken stop)
    {
        var frame = new byte[128];
        var batch = new byte[64 * 1024];
        var used = 0;
        ulong id = 0;
        while (used + 128 <= batch.Length)
        {
            used += FrameCodec.Write(batch.AsSpan(used), new NewOrder(++id, id, (uint)target.Instrument, 1, 1, 2, 0, 0, 0, 0, target.MidPrice - 5_000, 1, 0));
        }

        var perBatch = (long)id;
        while (!stop.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync("127.0.0.1", target.Port, stop).ConfigureAwait(false);
                var length = FrameCodec.Write(frame, new Login((ulong)target.Account, 2, 0, 0, ulong.MaxValue, target.Secret));
                await socket.SendAsync(frame.AsMemory(0, length), stop).ConfigureAwait(false);
                var draining = Task.Run(async () =>
                {
                    var sink = new byte[64 * 1024];
                    while (await socket.ReceiveAsync(sink, stop).ConfigureAwait(false) > 0)
                    {
                    }
                }, stop);
                while (!stop.IsCancellationRequested)
                {
                    await socket.SendAsync(batch.AsMemory(0, used), stop).ConfigureAwait(false);
                    done.Add(perBatch);
                }

                await draining.ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // Ended for flooding: log in and flood again.
            }
        }
    }
}
