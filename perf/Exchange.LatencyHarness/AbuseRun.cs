using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Exchange.Client;
using Exchange.Engine;
using Exchange.Gateway;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;
using HdrHistogram;

namespace Exchange.LatencyHarness;

/// <summary>
/// An honest trading session (closed loop: an order, its acknowledgement, the next) measured alone
/// and then beside each kind of abuse, against the exchange with its production limits (the
/// gateway's defaults), all in one run: a login flood with wrong secrets, sockets that connect and
/// say nothing, clients that send junk and never read, and a session flooding orders past its
/// throttle. Prints round trips per second and p99 for each next to the baseline, and the process's
/// peak resident memory. The attackers run on the same cores: for the junk senders, the same loops
/// aimed at a bare listener show what the attack costs by itself.
/// </summary>
internal static class AbuseRun
{
    private const int HonestAccount = 1;
    private const int FloodAccount = 2;
    private static long _nextOrder = 1;

    public static async Task<int> RunAsync(HarnessSettings settings, TextWriter output)
    {
        var seconds = settings.DurationSeconds;
        await using var exchange = ExchangeUnderTest.Start(settings with { Connections = 2 }, Durability.Sync, new GatewayOptions());
        var port = exchange.Gateway.Port;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Abuse run: an honest session's round trips alone and beside each abuse, {seconds:F0} s each, {Environment.ProcessorCount} cores, gateway defaults")).ConfigureAwait(false);
        await output.WriteLineAsync("| scenario | round trips/s | ratio to alone | p99 µs | p99 ratio | peak RSS MB |").ConfigureAwait(false);
        await output.WriteLineAsync("| --- | ---: | ---: | ---: | ---: | ---: |").ConfigureAwait(false);

        _ = await MeasureAsync(settings, port, Math.Min(2, seconds), null).ConfigureAwait(false); // warm-up: JIT, pools, the book
        var alone = await MeasureAsync(settings, port, seconds, null).ConfigureAwait(false);
        await Print(output, "alone (baseline)", alone, alone).ConfigureAwait(false);
        foreach (var (name, abuse) in new (string, Func<int, CancellationToken, Task>?)[]
        {
            ("login flood: 8 connections, wrong secrets", (p, c) => LoginFloodAsync(p, 8, c)),
            ("256 sockets that connect and say nothing", (p, c) => IdleSocketsAsync(p, 256, c)),
            ("32 clients sending junk, never reading", (p, c) => JunkSendersAsync(p, 32, c)),
            ("the same junk senders at a listener that only accepts and closes (the attack's own cost)", (_, c) => JunkAtBareListenerAsync(c)),
            ("a session flooding orders past its throttle", (p, c) => ThrottleFloodAsync(settings, p, c)),
            ("alone again (drift of the machine)", null),
        })
        {
            var result = await MeasureAsync(settings, port, seconds, abuse).ConfigureAwait(false);
            await Print(output, name, result, alone).ConfigureAwait(false);
        }

        return HarnessCommand.Ok;
    }

    private static Task Print(TextWriter output, string name, (double Rate, long P99) result, (double Rate, long P99) alone) =>
        output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {result.Rate:N0} | {result.Rate / alone.Rate:F2} | {result.P99 / 1_000.0:N0} | {(double)result.P99 / alone.P99:F2} | {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} |"));

    /// <summary>Round trips of the honest session for <paramref name="seconds"/>, with the abuse running beside it.</summary>
    private static async Task<(double Rate, long P99)> MeasureAsync(HarnessSettings settings, int port, double seconds, Func<int, CancellationToken, Task>? abuse)
    {
        // The honest session logs in first, as a trading session that is already running would be.
        await using var honest = await ConnectWithRetryAsync(settings, port).ConfigureAwait(false);
        using var stop = new CancellationTokenSource();
        var abusing = abuse is null ? Task.CompletedTask : Task.Run(() => abuse(port, stop.Token));
        await Task.Delay(abuse is null ? 0 : 500).ConfigureAwait(false); // let the abuse get going
        var histogram = new LongHistogram(60_000_000_000L, 3);
        var watch = Stopwatch.StartNew();
        long id = 0;
        try
        {
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                var start = Stopwatch.GetTimestamp();
                id++;
                await honest.PlaceLimitAsync(_nextOrder++, settings.Instrument, (byte)(id % 2 == 0 ? 1 : 2), settings.MidPrice + (id % 2 == 0 ? -1_000 : 1_000), 1, timeInForce: 2).ConfigureAwait(false);
                await honest.WaitForAsync<OrderCanceled>(TimeSpan.FromSeconds(60)).ConfigureAwait(false); // an IOC that rests nowhere: accepted, then canceled
                histogram.RecordValue((long)((Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency)));
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or System.Threading.Channels.ChannelClosedException)
        {
            await Console.Error.WriteLineAsync($"the honest session was lost after {id} round trips: {ex.Message}").ConfigureAwait(false);
            id = 0;
        }

        var rate = id / watch.Elapsed.TotalSeconds;
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await abusing.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return (rate, histogram.GetValueAtPercentile(99));
    }

    private static async Task<ExchangeClient> ConnectWithRetryAsync(HarnessSettings settings, int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await ExchangeClient.ConnectAsync("127.0.0.1", port, settings.FirstAccount + HonestAccount - 1,
                    ExchangeUnderTest.SecretOf(settings, settings.FirstAccount + HonestAccount - 1), ExchangeClient.LiveOnly).ConfigureAwait(false);
            }
            catch (Exception ex) when (attempt < 100 && ex is LoginRejectedException or IOException or SocketException)
            {
                await Task.Delay(50).ConfigureAwait(false); // refused at a cap while the abuse holds it: the honest client retries
            }
        }
    }

    private static async Task LoginFloodAsync(int port, int connections, CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var frame = new byte[128];
            var length = FrameCodec.Write(frame, new Login(1, 2, 0, 0, 0, "not-the-secret"));
            while (!stop.IsCancellationRequested)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    await socket.ConnectAsync("127.0.0.1", port, stop).ConfigureAwait(false);
                    await socket.SendAsync(frame.AsMemory(0, length), stop).ConfigureAwait(false);
                    _ = await socket.ReceiveAsync(new byte[64], stop).ConfigureAwait(false); // the reject
                }
                catch (SocketException)
                {
                }
            }
        }))).ConfigureAwait(false);
    }

    private static async Task IdleSocketsAsync(int port, int count, CancellationToken stop)
    {
        var sockets = new List<Socket>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                sockets.RemoveAll(s =>
                {
                    if (s.Poll(0, SelectMode.SelectRead))
                    {
                        s.Dispose(); // refused at the cap or timed out: open another in its place
                        return true;
                    }

                    return false;
                });
                while (sockets.Count < count && !stop.IsCancellationRequested)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        await socket.ConnectAsync("127.0.0.1", port, stop).ConfigureAwait(false);
                        sockets.Add(socket);
                    }
                    catch (SocketException)
                    {
                        socket.Dispose();
                    }
                }

                await Task.Delay(20, stop).ConfigureAwait(false);
            }
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    private static async Task JunkSendersAsync(int port, int count, CancellationToken stop)
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
                        await socket.SendAsync(junk, stop).ConfigureAwait(false); // and never read
                    }
                }
                catch (SocketException)
                {
                }
            }
        }))).ConfigureAwait(false);
    }

    /// <summary>
    /// The junk senders' baseline: the same loops aimed at a bare listener that accepts and closes,
    /// on the same cores. What the honest session loses here is the attack's own cost (its loops and
    /// the kernel's connection work), not the gateway's.
    /// </summary>
    private static async Task JunkAtBareListenerAsync(CancellationToken stop)
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    using var s = await listener.AcceptSocketAsync(stop);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        await JunkSendersAsync(port, 32, stop);
        listener.Stop();
        await accepting;
    }

    private static async Task ThrottleFloodAsync(HarnessSettings settings, int port, CancellationToken stop)
    {
        var account = settings.FirstAccount + FloodAccount - 1;
        var frame = new byte[128];
        var batch = new byte[64 * 1024];
        while (!stop.IsCancellationRequested)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync("127.0.0.1", port, stop).ConfigureAwait(false);
                var length = FrameCodec.Write(frame, new Login((ulong)account, 2, 0, 0, ulong.MaxValue, ExchangeUnderTest.SecretOf(settings, account)));
                await socket.SendAsync(frame.AsMemory(0, length), stop).ConfigureAwait(false);
                var used = 0;
                ulong id = 0;
                while (used + 128 <= batch.Length)
                {
                    used += FrameCodec.Write(batch.AsSpan(used), new NewOrder(++id, id, (uint)settings.Instrument, 1, 1, 2, 0, 0, 0, 0, settings.MidPrice - 5_000, 1, 0));
                }

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
