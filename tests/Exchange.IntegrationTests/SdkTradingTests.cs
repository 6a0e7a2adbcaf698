using Exchange.Client;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Orders;

namespace Exchange.IntegrationTests;

/// <summary>The SDK's typed, correlated API against the real server: answers go to their requests, and nothing is taken from the application.</summary>
public sealed class SdkTradingTests
{
    private static readonly TimeSpan Patience = ExchangeHost.Patience;

    [Fact]
    public async Task Queries_in_the_middle_of_a_burst_of_fills_lose_nothing()
    {
        const int orders = 300;
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using var bob = await host.ConnectAsync(2);
        for (var i = 1; i <= orders; i++)
        {
            var placed = await alice.PlaceAsync(NewOrderRequest.Limit(i, 1, Side.Sell, 100, 1));
            Assert.True(placed.IsAccepted, $"order {i}: {placed.RejectReason}");
        }

        // Bob takes them one by one without waiting, while another task asks for his balances and open orders.
        using var timeout = new CancellationTokenSource(Patience * 3);
        var sending = Task.Run(async () =>
        {
            for (var i = 1; i <= orders; i++)
            {
                await bob.SendOrderAsync(NewOrderRequest.Limit(10_000 + i, 1, Side.Buy, 100, 1, TimeInForce.Ioc), timeout.Token);
            }
        });
        var answers = 0;
        var querying = Task.Run(async () =>
        {
            while (!sending.IsCompleted || answers < 5)
            {
                Assert.NotEmpty(await bob.QueryBalancesAsync(timeout.Token));
                await bob.QueryOpenOrdersAsync(cancellationToken: timeout.Token);
                answers++;
                await Task.Delay(150, timeout.Token); // two queries per pass stay under the query throttle (20 per second, docs/protocol.md)
            }
        });

        var accepted = new HashSet<ulong>();
        var filled = new HashSet<ulong>();
        while (accepted.Count < orders || filled.Count < orders)
        {
            var message = await bob.Messages.ReadAsync(timeout.Token);
            if (message.TryAs<OrderAccepted>(out var a))
            {
                Assert.True(accepted.Add(a.ClientOrderId), $"{a.ClientOrderId} acknowledged twice");
            }
            else if (message.TryAs<OrderExecuted>(out var e))
            {
                Assert.True(filled.Add(e.ClientOrderId), $"{e.ClientOrderId} filled twice");
            }
            else
            {
                Assert.NotEqual(Exchange.Protocol.Framing.MessageType.BalanceReport, message.Type); // a query's answer never lands here
                Assert.NotEqual(Exchange.Protocol.Framing.MessageType.OpenOrderReport, message.Type);
            }
        }

        await sending;
        await querying;
        Assert.True(answers > 0);
        Assert.Equal(Enumerable.Range(10_001, orders).Select(i => (ulong)i).ToHashSet(), filled);
        Assert.Empty(await bob.QueryOpenOrdersAsync(cancellationToken: timeout.Token));
    }

    [Fact]
    public async Task Orders_placed_from_many_threads_each_get_their_own_answer_and_the_stream_still_has_them_all()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        using var timeout = new CancellationTokenSource(Patience * 3);

        // 8 tasks × 25 orders at once over one session; every 5th asks for quantity 0, which the matching rules reject.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            var mine = new List<(long Id, PlaceResult Result)>();
            for (var i = 0; i < 25; i++)
            {
                var id = (t * 100) + i + 1;
                var quantity = i % 5 == 4 ? 0 : 1;
                mine.Add((id, await alice.PlaceAsync(NewOrderRequest.Limit(id, 1, Side.Sell, 200 + i, quantity), timeout.Token)));
            }

            return mine;
        })));

        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(200, all.Count);
        foreach (var (id, result) in all)
        {
            if (id % 100 % 5 == 0)
            {
                Assert.False(result.IsAccepted);
                Assert.Equal((ulong)id, result.Rejected!.Value.ClientOrderId);
                Assert.NotEqual(OrderRejectReason.None, result.RejectReason);
            }
            else
            {
                Assert.True(result.IsAccepted);
                Assert.Equal((ulong)id, result.Accepted!.Value.ClientOrderId);
                Assert.True(result.OrderId > 0);
            }
        }

        // Every answer is on the application's stream too, each once, numbered without a gap.
        var seen = new HashSet<ulong>();
        ulong last = 0;
        while (seen.Count < 200)
        {
            var message = await alice.Messages.ReadAsync(timeout.Token);
            if (message.ReplySequence == 0)
            {
                continue;
            }

            Assert.Equal(last + 1, message.ReplySequence);
            last = message.ReplySequence;
            if (message.TryAs<OrderAccepted>(out var a))
            {
                seen.Add(a.ClientOrderId);
            }
            else if (message.TryAs<OrderRejected>(out var r))
            {
                seen.Add(r.ClientOrderId);
            }
        }

        Assert.Equal(all.Select(x => (ulong)x.Id).ToHashSet(), seen);
        Assert.Equal(160, (await alice.QueryOpenOrdersAsync(cancellationToken: timeout.Token)).Count);
        Assert.Equal(160, await alice.CancelAllAsync(cancellationToken: timeout.Token));
    }
}
