using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Exchange.Server.Tests.Cluster;

/// <summary>
/// Failover time as a distribution: the primary is killed (-9) again and again under load, each time
/// timed from the kill to the first order the new primary acknowledges, and the killed node is started
/// again to rejoin as a standby. Soak: outside the default run (docs/performance.md has the numbers).
/// EXCHANGE_FAILOVERS sets how many (20 by default).
/// </summary>
[Collection("Cluster")]
public sealed class FailoverSoakTests(ITestOutputHelper output)
{
    [SkippableFact]
    [Trait("Category", "Soak")]
    public async Task Repeated_kill_9_failovers_lose_nothing_acknowledged_and_are_timed()
    {
        var failovers = int.TryParse(Environment.GetEnvironmentVariable("EXCHANGE_FAILOVERS"), CultureInfo.InvariantCulture, out var n) ? n : 20;
        using var cluster = await TestCluster.StartAsync("--replication", "SyncReplicated");
        cluster.StartAll();
        var (primary, epoch) = await cluster.WaitForPrimaryAsync();
        await using var load = await OrderLoad.StartAsync(cluster.ClientOptions());
        var times = new List<double>();
        for (var i = 0; i < failovers; i++)
        {
            await load.WaitForAcceptedAsync(load.Accepted.Count + 20, TestCluster.Patience);
            var watch = Stopwatch.StartNew();
            var killedAt = DateTime.Now;
            primary.Kill();
            var (next, newEpoch) = await cluster.WaitForPrimaryAsync(epoch);
            var epochCommand = next.PromotedAtSequence(newEpoch) + 1;
            while (!load.Accepted.Values.Any(s => s > epochCommand))
            {
                Assert.True(watch.Elapsed < TestCluster.Patience, $"failover {i + 1}: no order acknowledged by the new primary");
                await Task.Delay(2);
            }

            times.Add(watch.Elapsed.TotalMilliseconds);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"failover {i + 1}: node {primary.Id} -> node {next.Id} (epoch {epoch} -> {newEpoch}) in {watch.Elapsed.TotalMilliseconds:F0} ms; killed at {killedAt:HH:mm:ss.fff}; the new primary logged:"));
            foreach (var line in next.Lines.Where(l => l.Contains($"leader, epoch {newEpoch}", StringComparison.Ordinal) || l.Contains($"PRIMARY of epoch {newEpoch}", StringComparison.Ordinal)
                || (l.Contains("Exchange ready on", StringComparison.Ordinal) && next.IsOpenAsPrimaryOf(newEpoch))).TakeLast(3))
            {
                output.WriteLine("    " + line);
            }
            primary.Start(); // the killed node comes back as a standby
            await primary.WaitForLogAsync($"following primary {next.Id} (epoch {newEpoch})", TestCluster.Patience);
            (primary, epoch) = (next, newEpoch);
        }

        await load.StopSendingAsync();
        var open = await load.Client.QueryOpenOrdersAsync(TimeSpan.FromSeconds(60), instrument: 2);
        var present = open.Select(o => (long)o.ClientOrderId).ToHashSet();
        Assert.All(load.Accepted.Keys, id => Assert.Contains(id, present));

        times.Sort();
        double At(double q) => times[(int)Math.Min(times.Count - 1, Math.Ceiling(q * times.Count) - 1)];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{times.Count} failovers, kill -9 to first acknowledged order: min {times[0]:F0} ms, p50 {At(0.5):F0} ms, p90 {At(0.9):F0} ms, max {times[^1]:F0} ms; {load.Accepted.Count} orders acknowledged, all present"));
    }
}
