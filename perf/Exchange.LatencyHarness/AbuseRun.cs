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
/// throttle. Each attack runs in a child process, by default at idle priority so that its own loops
/// do not take the cores from the exchange (an attacker elsewhere costs this machine only its
/// traffic); for the junk senders, the same loops aimed at a bare listener show what the attack costs
/// by itself. Prints round trips per second and p99 next to the baseline, what each attack managed
/// per second, and the process's peak resident memory.
/// </summary>
internal static class AbuseRun
{
    private const int HonestAccount = 1;
    private const int FloodAccount = 2;
    private static long _nextOrder = 1;

    private static readonly (string Name, string Kind)[] Scenarios =
    [
        ("login flood: 8 connections, wrong secrets (logins tried)", "login-flood"),
        ("256 sockets that connect and say nothing (sockets opened)", "idle-sockets"),
        ("32 clients sending junk, never reading (frames sent)", "junk-senders"),
        ("the same junk senders at a listener that only accepts and closes: the attack's own cost", "bare:junk-senders"),
        ("a session flooding orders past its throttle (orders sent)", "throttle-flood"),
        ("16 addresses guessing the honest account's secret; the honest client logs in again every 0.5 s (logins tried)", "targeted-lockout"),
        ("320 silent sockets from 250 addresses; the honest client logs in again every 0.5 s (sockets opened)", "spread-sockets"),
    ];

    /// <summary>Scenarios whose honest client logs in again and again (alone too), since what they attack is logging in.</summary>
    private static bool Relogs(string kind) => kind is "targeted-lockout" or "spread-sockets";

    public static async Task<int> RunAsync(HarnessSettings settings, TextWriter output)
    {
        var seconds = settings.DurationSeconds;
        await using var exchange = ExchangeUnderTest.Start(settings with { Connections = 2 }, Durability.Sync, new GatewayOptions());
        var port = exchange.Gateway.Port;
        var floodAccount = settings.FirstAccount + FloodAccount - 1;
        var target = new AbuseAttacks.Target(port, floodAccount, ExchangeUnderTest.SecretOf(settings, floodAccount), settings.Instrument, settings.MidPrice);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Abuse run: an honest session's round trips beside each abuse and alone just before it, {seconds:F0} s each, {settings.Rounds} rounds (median ratio shown), {Environment.ProcessorCount} cores, gateway defaults, attackers at {(settings.IdleAttackers ? "idle" : "normal")} priority")).ConfigureAwait(false);
        await output.WriteLineAsync("| scenario | attack did | alone: round trips/s, p99 µs, cores busy | beside the attack | rate ratio (median, range) | p99 ratio (median, range) | peak RSS MB |").ConfigureAwait(false);
        await output.WriteLineAsync("| --- | ---: | --- | --- | --- | --- | ---: |").ConfigureAwait(false);

        _ = await MeasureAsync(settings, port, Math.Min(2, seconds), null).ConfigureAwait(false); // warm-up: JIT, pools, the book
        foreach (var (name, kind) in Scenarios)
        {
            if (!settings.Abuses.Contains(kind.Replace("bare:", "", StringComparison.Ordinal)))
            {
                continue;
            }

            var pairs = new List<(Measured Alone, Measured Abused)>();
            for (var round = 0; round < settings.Rounds; round++)
            {
                var attacked = kind == "targeted-lockout" ? target with { Account = settings.FirstAccount + HonestAccount - 1 } : target;
                var alone = await MeasureAsync(settings, port, seconds, null, Relogs(kind)).ConfigureAwait(false);
                var abused = await MeasureAsync(settings, port, seconds, AttackWith(kind, attacked, settings.IdleAttackers), Relogs(kind)).ConfigureAwait(false);
                pairs.Add((alone, abused));
            }

            await Print(output, name, pairs).ConfigureAwait(false);
        }

        return HarnessCommand.Ok;
    }

    private static Task Print(TextWriter output, string name, List<(Measured Alone, Measured Abused)> pairs)
    {
        var rate = Ratios(pairs, p => p.Abused.Rate / p.Alone.Rate);
        var p99 = Ratios(pairs, p => (double)p.Abused.P99 / p.Alone.P99);
        var middle = pairs[pairs.Count / 2];
        return output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {middle.Abused.Attack} | {Median(pairs, p => p.Alone.Rate):N0}, {Median(pairs, p => p.Alone.P99) / 1_000.0:N0}, {Median(pairs, p => p.Alone.Cores):F2} | {Median(pairs, p => p.Abused.Rate):N0}, {Median(pairs, p => p.Abused.P99) / 1_000.0:N0}, {Median(pairs, p => p.Abused.Cores):F2} | {rate} | {p99} | {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:F0} |"));
    }

    private static string Ratios(List<(Measured Alone, Measured Abused)> pairs, Func<(Measured Alone, Measured Abused), double> ratio)
    {
        var values = pairs.Select(ratio).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{values[values.Count / 2]:F2} ({values[0]:F2}–{values[^1]:F2})");
    }

    private static double Median(List<(Measured Alone, Measured Abused)> pairs, Func<(Measured Alone, Measured Abused), double> value)
    {
        var values = pairs.Select(value).Order().ToList();
        return values[values.Count / 2];
    }

    /// <summary>Starts the attack in a child process (at a bare listener of this process for "bare:"); the task returned stops it and yields its report.</summary>
    private static Func<Func<Task<string>>> AttackWith(string kind, AbuseAttacks.Target target, bool idle) => () =>
    {
        TcpListener? bare = null;
        var accepting = Task.CompletedTask;
        if (kind.StartsWith("bare:", StringComparison.Ordinal))
        {
            kind = kind["bare:".Length..];
            bare = new TcpListener(System.Net.IPAddress.Loopback, 0);
            bare.Start();
            target = target with { Port = ((System.Net.IPEndPoint)bare.LocalEndpoint).Port };
            accepting = AcceptAndCloseAsync(bare);
        }

        var attacker = AttackerProcess.Start(kind, target, idle);
        return async () =>
        {
            string report;
            await using (attacker.ConfigureAwait(false))
            {
                report = await attacker.StopAsync().ConfigureAwait(false);
            }

            bare?.Stop();
            await accepting.ConfigureAwait(false);
            return report;
        };
    };

    private static async Task AcceptAndCloseAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // stopped
        }
    }

    /// <summary>The honest session's rate and p99 beside one attack, and what the attack reported doing.</summary>
    private sealed record Measured(double Rate, long P99, double Cores, string Attack);

    /// <summary>
    /// Round trips of the honest session for <paramref name="seconds"/>, with the attack running beside it; with
    /// <paramref name="relog"/> it logs in again on a new connection every 0.5 s (each login is a sample too, and
    /// its time, retries after refusals included, comes out of the rate).
    /// </summary>
    private static async Task<Measured> MeasureAsync(HarnessSettings settings, int port, double seconds, Func<Func<Task<string>>>? attack, bool relog = false)
    {
        // The honest session logs in first, as a trading session that is already running would be.
        var honest = await ConnectWithRetryAsync(settings, port).ConfigureAwait(false);
        var stopAttack = attack?.Invoke();
        await Task.Delay(attack is null ? 0 : 1_000).ConfigureAwait(false); // let the attacker start and get going
        var histogram = new LongHistogram(60_000_000_000L, 3);
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        long id = 0;
        var lastLogin = watch.Elapsed;
        try
        {
            while (watch.Elapsed.TotalSeconds < seconds)
            {
                var start = Stopwatch.GetTimestamp();
                if (relog && watch.Elapsed - lastLogin >= TimeSpan.FromSeconds(0.5))
                {
                    await honest.DisposeAsync().ConfigureAwait(false);
                    honest = await ConnectWithRetryAsync(settings, port).ConfigureAwait(false);
                    histogram.RecordValue((long)((Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency)));
                    lastLogin = watch.Elapsed;
                    continue;
                }

                id++;
                await honest.PlaceLimitAsync(_nextOrder++, settings.Instrument, (byte)(id % 2 == 0 ? 1 : 2), settings.MidPrice + (id % 2 == 0 ? -1_000 : 1_000), 1, timeInForce: 2).ConfigureAwait(false);
                using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
                {
                    await honest.Messages.ReadNextAsync<OrderCanceled>(cancellationToken: patience.Token).ConfigureAwait(false); // an IOC that rests nowhere: accepted, then canceled
                }
                histogram.RecordValue((long)((Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency)));
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or System.Threading.Channels.ChannelClosedException or LoginRejectedException)
        {
            await Console.Error.WriteLineAsync($"the honest session was lost after {id} round trips: {ex.Message}").ConfigureAwait(false);
            id = 0;
        }
        finally
        {
            await honest.DisposeAsync().ConfigureAwait(false);
        }

        var rate = id / watch.Elapsed.TotalSeconds;
        self.Refresh();
        var cores = (self.TotalProcessorTime - cpuBefore).TotalSeconds / watch.Elapsed.TotalSeconds;
        var report = stopAttack is null ? "—" : await stopAttack().ConfigureAwait(false);
        return new Measured(rate, histogram.GetValueAtPercentile(99), cores, report);
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
}
