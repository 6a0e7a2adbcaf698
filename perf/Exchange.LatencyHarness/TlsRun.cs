using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Exchange.Client;
using Exchange.Engine;
using Exchange.Gateway;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Orders;
using HdrHistogram;

namespace Exchange.LatencyHarness;

/// <summary>
/// What TLS costs a trading session: two exchanges in this process, one on plain TCP and one with TLS (a
/// certificate made for the run), and the SDK's closed-loop round trip (an IOC order to its end) against
/// each, in alternating rounds so the machine's drift falls on both; plain TCP is the baseline, with the
/// time a connection takes to log in over each.
/// </summary>
internal static class TlsRun
{
    public static async Task<int> RunAsync(HarnessSettings settings, TextWriter output)
    {
        var folder = Path.Combine(Path.GetTempPath(), "exchange-harness-tls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var (certificate, key, ca) = MakeCertificates(folder);
            var plainOptions = new GatewayOptions { HeartbeatInterval = TimeSpan.FromSeconds(5), ThrottleRatePerSecond = 10_000_000, ThrottleBurst = 1_000_000, ThrottleDisconnectAfter = int.MaxValue };
            await using var plain = ExchangeUnderTest.Start(settings with { Connections = 1 }, Durability.Sync, plainOptions);
            await using var tls = ExchangeUnderTest.Start(settings with { Connections = 1 }, Durability.Sync, plainOptions with { Tls = GatewayTls.FromPemFiles(certificate, key) });
            var clientTls = new ClientTls { CaFile = ca, ServerName = "localhost" };
            var seconds = settings.DurationSeconds;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"TLS run: the SDK's round trip (IOC order to its end, closed loop) over plain TCP and over TLS, {seconds:F0} s each, {settings.Rounds} alternating rounds, sync durability, {Environment.ProcessorCount} cores")).ConfigureAwait(false);

            _ = await MeasureAsync(settings, plain.Gateway.Port, null, Math.Min(2, seconds)).ConfigureAwait(false); // warm-up
            _ = await MeasureAsync(settings, tls.Gateway.Port, clientTls, Math.Min(2, seconds)).ConfigureAwait(false);
            var rounds = new List<(Measured Plain, Measured Tls)>();
            for (var round = 0; round < settings.Rounds; round++)
            {
                var p = await MeasureAsync(settings, plain.Gateway.Port, null, seconds).ConfigureAwait(false);
                var t = await MeasureAsync(settings, tls.Gateway.Port, clientTls, seconds).ConfigureAwait(false);
                rounds.Add((p, t));
            }

            await output.WriteLineAsync("| transport | round trips/s | p50 µs | p99 µs | login ms (median of rounds) |").ConfigureAwait(false);
            await output.WriteLineAsync("| --- | ---: | ---: | ---: | ---: |").ConfigureAwait(false);
            await Row(output, "plain TCP (baseline)", rounds.ConvertAll(r => r.Plain)).ConfigureAwait(false);
            await Row(output, "TLS 1.3", rounds.ConvertAll(r => r.Tls)).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"TLS / plain, median (range) of the rounds' ratios: rate {Ratio(rounds, r => r.Tls.Rate / r.Plain.Rate)}, p50 {Ratio(rounds, r => r.Tls.P50 / r.Plain.P50)}, p99 {Ratio(rounds, r => r.Tls.P99 / r.Plain.P99)}, login {Ratio(rounds, r => r.Tls.LoginMs / r.Plain.LoginMs)}")).ConfigureAwait(false);
            return HarnessCommand.Ok;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record Measured(double Rate, double P50, double P99, double LoginMs);

    private static async Task<Measured> MeasureAsync(HarnessSettings settings, int port, ClientTls? tls, double seconds)
    {
        var account = settings.FirstAccount;
        var login = Stopwatch.StartNew();
        await using var client = await ExchangeClient.ConnectAsync(new ClientOptions
        {
            Endpoints = [("127.0.0.1", port)], Account = account, Secret = ExchangeUnderTest.SecretOf(settings, account), LastSeenSequence = ExchangeClient.LiveOnly, Tls = tls,
        }).ConfigureAwait(false);
        var loginMs = login.Elapsed.TotalMilliseconds;
        var histogram = new LongHistogram(60_000_000_000L, 3);
        var watch = Stopwatch.StartNew();
        long n = 0;
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            var start = Stopwatch.GetTimestamp();
            n++;
            var side = n % 2 == 0 ? Side.Buy : Side.Sell;
            var order = NewOrderRequest.Limit(DateTime.UtcNow.Ticks + n, settings.Instrument, side, settings.MidPrice + (side == Side.Buy ? -1_000 : 1_000), 1, TimeInForce.Ioc);
            await client.PlaceAsync(order).ConfigureAwait(false);
            using (var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                await client.Messages.ReadNextAsync<OrderCanceled>(cancellationToken: patience.Token).ConfigureAwait(false); // an IOC that rests nowhere: accepted, then canceled
            }

            histogram.RecordValue((long)((Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency)));
        }

        return new Measured(n / watch.Elapsed.TotalSeconds, histogram.GetValueAtPercentile(50) / 1_000.0, histogram.GetValueAtPercentile(99) / 1_000.0, loginMs);
    }

    private static Task Row(TextWriter output, string name, List<Measured> rounds) => output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Median(rounds, m => m.Rate):N0} | {Median(rounds, m => m.P50):F0} | {Median(rounds, m => m.P99):F0} | {Median(rounds, m => m.LoginMs):F1} |"));

    private static double Median(List<Measured> rounds, Func<Measured, double> value)
    {
        var values = rounds.Select(value).Order().ToList();
        return values[values.Count / 2];
    }

    private static string Ratio(List<(Measured Plain, Measured Tls)> rounds, Func<(Measured Plain, Measured Tls), double> ratio)
    {
        var values = rounds.Select(ratio).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{values[values.Count / 2]:F2} ({values[0]:F2}–{values[^1]:F2})");
    }

    /// <summary>A CA and a server certificate for localhost, as PEM files: the run's own, nothing from the machine.</summary>
    private static (string Certificate, string Key, string Ca) MakeCertificates(string folder)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=latency-harness CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(12));
        var paths = (Path.Combine(folder, "server.pem"), Path.Combine(folder, "server.key"), Path.Combine(folder, "ca.pem"));
        File.WriteAllText(paths.Item1, issued.ExportCertificatePem());
        File.WriteAllText(paths.Item2, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(paths.Item3, ca.ExportCertificatePem());
        return paths;
    }
}
