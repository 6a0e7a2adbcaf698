using Exchange.Client;
using Exchange.Core.Orders;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;
using Exchange.Testing;

namespace Exchange.IntegrationTests;

/// <summary>Stops, icebergs, GTD and quote-amount orders through a real server and the real client.</summary>
public sealed class AdvancedOrderTests
{
    private static readonly TimeSpan Patience = ExchangeHost.Patience;

    [Fact]
    public async Task A_stop_limit_fires_on_a_trade_and_its_owner_sees_it_trigger_and_fill()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using var bob = await host.ConnectAsync(2);
        await using var carol = await host.ConnectAsync(3);

        // Last trade 100.
        await alice.PlaceLimitAsync(1, 1, (byte)Side.Sell, 100, 1);
        await alice.WaitForAsync<OrderAccepted>(Patience);
        await bob.PlaceLimitAsync(2, 1, (byte)Side.Buy, 100, 1);
        await bob.WaitForAsync<OrderExecuted>(Patience);

        // Carol: buy stop-limit, stop 105, limit 106. Alice offers at 105 and 106.
        await carol.PlaceStopLimitAsync(3, 1, (byte)Side.Buy, 105, 106, 4);
        var accepted = await carol.WaitForAsync<OrderAccepted>(Patience);
        var open = Assert.Single(await carol.QueryOpenOrdersAsync(Patience));
        Assert.Equal(((byte)OrderType.StopLimit, 105L, 106L), (open.OrderType, open.StopPrice, open.Price));
        await alice.PlaceLimitAsync(4, 1, (byte)Side.Sell, 105, 1);
        await alice.PlaceLimitAsync(5, 1, (byte)Side.Sell, 106, 10);

        // Bob lifts 105: the trade fires Carol's stop, which buys 4 at 106.
        await bob.PlaceLimitAsync(6, 1, (byte)Side.Buy, 105, 1);
        var triggered = await carol.WaitForAsync<OrderTriggered>(Patience);
        Assert.Equal((accepted.OrderId, (byte)OrderType.Limit, 105L, 106L, 4L), (triggered.OrderId, triggered.OrderType, triggered.StopPrice, triggered.Price, triggered.Quantity));
        var fill = await carol.WaitForAsync<OrderExecuted>(Patience);
        Assert.Equal((106L, 4L, 0L), (fill.Price, fill.Quantity, fill.Leaves));
        Assert.True(triggered.Sequence < fill.Sequence);
        Assert.Empty(await carol.QueryOpenOrdersAsync(Patience));
    }

    [Fact]
    public async Task Market_data_shows_an_iceberg_slice_and_no_stops()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using var carol = await host.ConnectAsync(3);
        await alice.PlaceLimitV2Async(1, 1, (byte)Side.Sell, 110, 50, displayQuantity: 10);
        await alice.WaitForAsync<OrderAccepted>(Patience);
        await alice.PlaceStopAsync(2, 1, (byte)Side.Sell, 90, 5);
        await alice.WaitForAsync<OrderAccepted>(Patience);
        await alice.PlaceStopLimitAsync(3, 1, (byte)Side.Buy, 120, 121, 5);
        await alice.WaitForAsync<OrderAccepted>(Patience);

        var book = await carol.SubscribeBookAsync(1);
        await WaitUntil(() => book.IsReady);
        Assert.Equal([(110L, 10L, 1u)], book.Asks(10));
        Assert.Empty(book.Bids(10));

        // Carol takes 12: the slice of 10 and 2 of the next slice, which is then shown as 8.
        await carol.PlaceLimitAsync(4, 1, (byte)Side.Buy, 110, 12, timeInForce: 2);
        await WaitUntil(() => book.Asks(10) is [(110, 8, 1)]);
    }

    [Fact]
    public async Task A_gtd_order_expires_on_time_with_no_other_command()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        var expireAt = await ExpiringOrders.PlaceGtdBuyAsync(alice, 1, 1, 90, 5, TimeSpan.FromMilliseconds(300));
        var expired = await alice.WaitForAsync<OrderCanceled>(Patience);
        Assert.Equal((1, (byte)CancelReason.Expired), (expired.Expired, expired.Reason));
        Assert.True(expired.Timestamp >= expireAt);
    }

    [Fact]
    public async Task A_quote_amount_buy_spends_its_amount_and_releases_the_rest()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using var bob = await host.ConnectAsync(2);
        await alice.PlaceLimitAsync(1, 1, (byte)Side.Sell, 100, 50);
        await alice.WaitForAsync<OrderAccepted>(Patience);
        Assert.True((await bob.PlaceAsync(NewOrderRequest.QuoteAmountBuy(2, 1, 1_050)).WaitAsync(Patience)).IsAccepted); // the typed shape of the wire-level PlaceQuoteAmountAsync
        await bob.WaitForAsync<OrderAccepted>(Patience);
        Assert.Equal(10, (await bob.WaitForAsync<OrderExecuted>(Patience)).Quantity);
        Assert.Equal((byte)CancelReason.QuoteAmountSpent, (await bob.WaitForAsync<OrderCanceled>(Patience)).Reason);
        var usd = Assert.Single(await bob.QueryBalancesAsync(Patience), b => b.Asset == 2);
        Assert.Equal((1_000_000 - 1_000L, 0L), (usd.Available, usd.Held));
    }

    [Fact]
    public async Task A_protocol_version_1_session_gets_version_1_reports_and_an_unknown_version_is_refused()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var v1 = await ExchangeClient.ConnectAsync("127.0.0.1", host.Gateway.Port, 1, "secret-1", protocolVersion: 1);
        await v1.PlaceLimitAsync(1, 1, (byte)Side.Buy, 90, 5);
        await v1.WaitForAsync<OrderAccepted>(Patience);
        var report = Assert.Single(await v1.QueryOpenOrdersAsync(Patience));
        Assert.Equal((90L, 0L), (report.Price, report.StopPrice));

        // NewOrder version 3 does not exist.
        var frame = FrameCodec.ToArray(new NewOrderV2(7, 2, 1, 1, 1, 1, 0, 0, 90, 5, 0, 0, 0, 0, 0));
        frame[3] = 3;
        await v1.SendRawAsync(frame);
        Assert.Equal((ushort)ProtocolRejectReason.UnsupportedVersion, (await v1.WaitForAsync<ProtocolReject>(Patience)).Reason);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(10);
        }
    }
}
