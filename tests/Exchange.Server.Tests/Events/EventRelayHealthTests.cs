using System.Globalization;
using Exchange.Server.Tests.Cluster;
using Exchange.Testing;

namespace Exchange.Server.Tests.Events;

/// <summary>/health/ready of a relay-only process (EventsOnly) says whether the event stream keeps up: Degraded while the broker is unreachable, Healthy once it publishes.</summary>
[Collection("Cluster")]
public sealed class EventRelayHealthTests
{
    [SkippableFact]
    public async Task A_relay_whose_broker_is_down_is_degraded_and_healthy_once_it_publishes()
    {
        using var nats = await NatsServer.StartAsync();
        nats.Kill(); // the broker's port, with nothing listening yet
        var data = Path.Combine(Path.GetTempPath(), "exchange-relay-health-" + Guid.NewGuid().ToString("N"));
        var port = FreePorts.Next();
        var http = FreePorts.Next();
        using var server = new ServerProcess();
        using var relay = new ServerProcess();
        server.Start(["--data-dir", data, "--port", port.ToString(CultureInfo.InvariantCulture), "--http-port", FreePorts.Next().ToString(CultureInfo.InvariantCulture)]);
        await server.WaitForLogAsync("Exchange ready on", TestCluster.Patience);
        relay.Start(["--events-only", "--data-dir", data, "--events-url", nats.Url, "--http-port", http.ToString(CultureInfo.InvariantCulture)]);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };

        var degraded = await WaitForAsync(client, body => body.StartsWith("Degraded", StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.OK, degraded.Status);

        await nats.StartAgainAsync();
        var healthy = await WaitForAsync(client, body => body == "Healthy");
        Assert.Equal(System.Net.HttpStatusCode.OK, healthy.Status);
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("exchange_events_published_total", metrics, StringComparison.Ordinal);
        Assert.Contains("exchange_events_broker_errors_total", metrics, StringComparison.Ordinal);
        Directory.Delete(data, recursive: true);
    }

    private static async Task<(System.Net.HttpStatusCode Status, string Body)> WaitForAsync(HttpClient client, Func<string, bool> wanted)
    {
        var deadline = DateTime.UtcNow + TestCluster.Patience;
        var last = "(no answer)";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("/health/ready");
                last = await response.Content.ReadAsStringAsync();
                if (wanted(last))
                {
                    return (response.StatusCode, last);
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"/health/ready never answered as wanted; last: {last}");
    }
}
