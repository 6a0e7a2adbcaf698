using Exchange.Testing;

namespace Exchange.Events.Tests;

/// <summary>
/// The consumer samples as a user runs them, against a real nats-server fed by the relay: the C# one as a consumer
/// group (two processes on one durable consumer share the events, none twice, none lost) and the Python one
/// (standard library only) reading every event.
/// </summary>
public sealed class EventConsumerSampleTests
{
    private static async Task<(NatsServer Nats, JournalFolder Folder, RelayRun Relay)> StreamAsync()
    {
        var nats = await NatsServer.StartAsync();
        var folder = new JournalFolder();
        var relay = new RelayRun(folder.Path, nats.Url);
        await relay.WaitCaughtUpAsync(folder, nats.Url);
        return (nats, folder, relay);
    }

    [SkippableFact]
    public async Task Two_csharp_consumers_on_one_durable_consumer_share_the_events_each_once()
    {
        var (nats, folder, relay) = await StreamAsync();
        using (nats)
        using (folder)
        await using (relay)
        {
            using var one = SampleProcess.CSharp("--url", nats.Url, "--durable", "group", "--idle-seconds", "5");
            using var two = SampleProcess.CSharp("--url", nats.Url, "--durable", "group", "--idle-seconds", "5");
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while ((one.Lines.IsEmpty || two.Lines.IsEmpty) && DateTime.UtcNow < deadline)
            {
                folder.Trade(seed: Environment.TickCount, count: 50); // live events while both pull
                await Task.Delay(100);
            }

            folder.Trade(seed: 11, count: 1_000);
            await relay.WaitCaughtUpAsync(folder, nats.Url);
            Assert.Equal(0, one.WaitForExit());
            Assert.Equal(0, two.WaitForExit());

            var all = (await StreamContents.ReadAllAsync(nats.Url)).Select(m => m.MessageId!).ToList();
            var (first, second) = (one.Ids(), two.Ids());
            Assert.NotEmpty(first);
            Assert.NotEmpty(second);
            Assert.Empty(first.Intersect(second));
            Assert.Equal(all.Order(StringComparer.Ordinal), first.Concat(second).Order(StringComparer.Ordinal));
        }
    }

    [SkippableFact]
    public async Task The_python_consumer_reads_every_event_in_order_and_ends_by_itself()
    {
        var (nats, folder, relay) = await StreamAsync();
        using (nats)
        using (folder)
        await using (relay)
        {
            var all = (await StreamContents.ReadAllAsync(nats.Url)).Select(m => m.MessageId!).ToList();
            using var python = SampleProcess.Python("--url", nats.Url, "--max", all.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(python.WaitForExit() == 0, string.Join('\n', python.Errors));
            Assert.Equal(all, python.Ids());

            using var again = SampleProcess.Python("--url", nats.Url, "--idle-seconds", "2"); // the same durable consumer: everything was acknowledged
            Assert.Equal(0, again.WaitForExit());
            Assert.Empty(again.Ids());
        }
    }
}
