using Exchange.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using Exchange.Client;
using Exchange.Gateway;
using Exchange.Protocol.OrderEntry;
using Exchange.Server.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Tests;

/// <summary>
/// A sampled order's span, as an OTLP exporter would receive it: opened when the gateway reads the order,
/// closed when its acknowledgement or reject is routed, tagged with the journal sequence and carrying the
/// journal stamp as an event in between.
/// </summary>
public sealed class OrderTracingTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _data = Path.Combine(Path.GetTempPath(), "exchange-tracing-tests", Guid.NewGuid().ToString("N"));
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public OrderTracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OrderTracer.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task One_order_in_N_gets_a_span_from_gateway_to_reply_with_its_journal_sequence()
    {
        var service = new ExchangeService(Options.Create(new ServerSettings
        {
            DataDirectory = _data,
            Port = 0,
            TraceOneOrderIn = 2,
            Accounts = [new AccountSetting { Id = 1001, Secret = "alice-secret" }],
        }), NullLogger<ExchangeService>.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            await using var alice = await ExchangeClient.ConnectAsync("127.0.0.1", service.Port, 1001, "alice-secret");
            var sequences = new Dictionary<long, ulong>();
            for (var id = 7_001L; id <= 7_004; id++)
            {
                var rejected = id == 7_002; // to an instrument that does not exist; the 2nd and 4th orders are the sampled ones
                await alice.PlaceLimitAsync(id, rejected ? 99 : 1, 1, 60_000, 1);
                sequences[id] = rejected
                    ? (await alice.WaitForAsync<OrderRejected>(Patience)).EngineSequence
                    : (await alice.WaitForAsync<OrderAccepted>(Patience)).EngineSequence;
            }

            var deadline = Stopwatch.StartNew();
            List<Activity> spans;
            do
            {
                spans = [.. _stopped.Where(a => a.GetTagItem("exchange.account") is 1001L && a.GetTagItem("exchange.client_order_id") is >= 7_001L and <= 7_004L)];
                await Task.Delay(50);
            }
            while (spans.Count < 2 && deadline.Elapsed < Patience);

            Assert.Equal([7_002L, 7_004L], spans.Select(s => (long)s.GetTagItem("exchange.client_order_id")!).Order()); // one order in two
            foreach (var span in spans)
            {
                var id = (long)span.GetTagItem("exchange.client_order_id")!;
                Assert.Equal("order", span.OperationName);
                Assert.Equal((long)sequences[id], span.GetTagItem("exchange.sequence"));
                Assert.Equal(id == 7_002 ? "rejected: UnknownInstrument" : "accepted", span.GetTagItem("exchange.outcome"));
                var journaled = Assert.Single(span.Events);
                Assert.Equal("journaled", journaled.Name);
                Assert.InRange(journaled.Timestamp, span.StartTimeUtc.AddSeconds(-1), span.StartTimeUtc + span.Duration + TimeSpan.FromSeconds(1)); // a wall clock stamp inside the span (clocks may differ by a tick)
            }
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
