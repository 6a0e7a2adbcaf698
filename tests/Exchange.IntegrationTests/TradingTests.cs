using Exchange.Testing;
using Exchange.Protocol.Admin;
using Exchange.Client;
using Exchange.Core.Orders;
using Exchange.Gateway;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;

namespace Exchange.IntegrationTests;

public sealed class TradingTests
{
    private static readonly TimeSpan Patience = ExchangeHost.Patience;

    [Fact]
    public async Task Two_accounts_trade_and_both_see_their_fills()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using var bob = await host.ConnectAsync(2);

        await alice.PlaceLimitAsync(11, 1, (byte)Side.Sell, 100, 5);
        var resting = await alice.WaitForAsync<OrderAccepted>(Patience);
        Assert.Equal(11UL, resting.ClientOrderId);

        await bob.PlaceLimitAsync(21, 1, (byte)Side.Buy, 101, 5);
        Assert.Equal(21UL, (await bob.WaitForAsync<OrderAccepted>(Patience)).ClientOrderId);
        var takerFill = await bob.WaitForAsync<OrderExecuted>(Patience);
        var makerFill = await alice.WaitForAsync<OrderExecuted>(Patience);
        Assert.Equal((100L, 5L, 0L, (byte)2), (takerFill.Price, takerFill.Quantity, takerFill.Leaves, takerFill.Liquidity));
        Assert.Equal((100L, 5L, 0L, (byte)1), (makerFill.Price, makerFill.Quantity, makerFill.Leaves, makerFill.Liquidity));
        Assert.Equal(takerFill.TradeId, makerFill.TradeId);
        Assert.Equal(resting.OrderId, makerFill.OrderId);
        // Each side's base and quote balance after the fill follow it in the numbered stream (cause 3: trade).
        var btc = await TradeBalanceAsync(bob);
        var usd = await TradeBalanceAsync(bob);
        Assert.Equal((1U, 3U, 5L, 1_005L, 0L), (btc.Asset, btc.Cause, btc.Amount, btc.Available, btc.Held));
        Assert.Equal((2U, 3U, -500L, 999_500L, 0L), (usd.Asset, usd.Cause, usd.Amount, usd.Available, usd.Held));
        var sold = await TradeBalanceAsync(alice);
        Assert.Equal((1U, -5L, 995L), (sold.Asset, sold.Amount, sold.Available));
        Assert.Equal(6, bob.LastSequence); // two set-up deposits (balance updates), accepted, executed, two balance updates
    }

    [Fact]
    public async Task A_fully_filled_market_buy_gets_a_third_balance_update_releasing_its_unspent_budget()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using var bob = await host.ConnectAsync(2);
        await alice.PlaceLimitAsync(11, 1, (byte)Side.Sell, 100, 5);
        await alice.WaitForAsync<OrderAccepted>(Patience);

        var placed = await bob.PlaceAsync(NewOrderRequest.Market(21, 1, Exchange.Protocol.Orders.Side.Buy, 5, protectionPrice: 110)).WaitAsync(Patience);
        Assert.True(placed.IsAccepted);
        Assert.Equal((5L, 0L), ((await bob.WaitForAsync<OrderExecuted>(Patience)).Quantity, 0L));
        var btc = await TradeBalanceAsync(bob);
        var usd = await TradeBalanceAsync(bob);
        var released = await TradeBalanceAsync(bob);
        Assert.Equal((1U, 5L), (btc.Asset, btc.Amount));
        Assert.Equal((2U, -500L), (usd.Asset, usd.Amount));
        Assert.True(usd.Held > 0, "the budget not yet spent is still held after the fill");
        Assert.Equal((2U, 3U, 0L, 0L, usd.Available + usd.Held), (released.Asset, released.Cause, released.Amount, released.Held, released.Available)); // held moves to available
    }

    /// <summary>The next balance update caused by a trade (the set-up deposits are resent at login first).</summary>
    private static async Task<BalanceUpdate> TradeBalanceAsync(Exchange.Client.ExchangeClient client)
    {
        while (true)
        {
            var update = await client.WaitForAsync<BalanceUpdate>(Patience);
            if (update.Cause == 3)
            {
                return update;
            }
        }
    }

    [Fact]
    public async Task Balances_and_open_orders_are_answered_from_the_engine_state()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await alice.PlaceLimitAsync(3, 1, (byte)Side.Sell, 120, 4);
        await alice.WaitForAsync<OrderAccepted>(Patience);

        var orders = await alice.QueryOpenOrdersAsync(Patience);
        var order = Assert.Single(orders);
        Assert.Equal((3UL, 120L, 4L), (order.ClientOrderId, order.Price, order.Leaves));
        var balances = await alice.QueryBalancesAsync(Patience);
        Assert.Contains(balances, b => b.Asset == 1 && b.Available == 996 && b.Held == 4);
        Assert.Empty(await alice.QueryOpenOrdersAsync(Patience, instrument: 2));
    }

    [Fact]
    public async Task Wrong_secret_is_refused()
    {
        await using var host = await ExchangeHost.StartAsync();
        var error = await Assert.ThrowsAsync<LoginRejectedException>(() =>
            ExchangeClient.ConnectAsync("127.0.0.1", host.Gateway.Port, 1, "not-the-secret"));
        Assert.Equal(LoginRejectReason.NotAuthorized, error.Reason);
        await Assert.ThrowsAsync<LoginRejectedException>(() => ExchangeClient.ConnectAsync("127.0.0.1", host.Gateway.Port, 99, "secret-99"));
    }

    [Fact]
    public async Task Cancelling_another_accounts_order_is_refused()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using var bob = await host.ConnectAsync(2);
        await alice.PlaceLimitAsync(1, 1, (byte)Side.Buy, 90, 1);
        var order = await alice.WaitForAsync<OrderAccepted>(Patience);

        await bob.CancelAsync((long)order.OrderId);
        var rejected = await bob.WaitForAsync<OrderRejected>(Patience);
        Assert.Equal((ushort)RejectReason.NotOwner, rejected.Reason);

        await alice.CancelAsync((long)order.OrderId);
        Assert.Equal(order.OrderId, (await alice.WaitForAsync<OrderCanceled>(Patience)).OrderId);
    }

    [Fact]
    public async Task A_second_login_of_the_same_account_is_refused()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var first = await host.ConnectAsync(1);
        var error = await Assert.ThrowsAsync<LoginRejectedException>(() => host.ConnectAsync(1));
        Assert.Equal(LoginRejectReason.AlreadyLoggedIn, error.Reason);
    }

    [Fact]
    public async Task Reconnecting_with_the_last_sequence_seen_receives_what_was_missed()
    {
        await using var host = await ExchangeHost.StartAsync();
        long lastSeen;
        await using (var alice = await host.ConnectAsync(1))
        {
            await alice.PlaceLimitAsync(5, 1, (byte)Side.Sell, 100, 3);
            await alice.WaitForAsync<OrderAccepted>(Patience);
            lastSeen = alice.LastSequence;
        }

        await using (var bob = await host.ConnectAsync(2))
        {
            await bob.PlaceLimitAsync(6, 1, (byte)Side.Buy, 100, 3);
            await bob.WaitForAsync<OrderExecuted>(Patience);
        }

        await Task.Delay(300); // let the server notice alice's old connection is gone
        await using var again = await ConnectWhenFree(host, 1, lastSeen);
        var missed = await again.WaitForAsync<OrderExecuted>(Patience);
        Assert.Equal(lastSeen + 1, (long)missed.Sequence);
        Assert.Equal(5UL, missed.ClientOrderId);
    }

    [Fact]
    public async Task Cancel_on_disconnect_cancels_the_accounts_orders()
    {
        await using var host = await ExchangeHost.StartAsync();
        long lastSeen;
        await using (var alice = await host.ConnectAsync(1, cancelOnDisconnect: true))
        {
            await alice.PlaceLimitAsync(7, 1, (byte)Side.Buy, 95, 2);
            await alice.WaitForAsync<OrderAccepted>(Patience);
            lastSeen = alice.LastSequence;
        }

        await using var again = await ConnectWhenFree(host, 1, lastSeen);
        var canceled = await again.WaitForAsync<OrderCanceled>(Patience);
        Assert.Equal((byte)CancelReason.MassCancel, canceled.Reason);
        Assert.Equal(7UL, canceled.ClientOrderId);
    }

    [Fact]
    public async Task Cancel_on_disconnect_tells_the_accounts_other_sessions_with_reason_2_and_a_MassCancelDone_of_id_0()
    {
        await using var host = await ExchangeHost.StartAsync(new GatewayOptions { MaxSessionsPerAccount = 2, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        await using var dropCopy = await host.ConnectAsync(1, ExchangeClient.LiveOnly);
        await using (var alice = await host.ConnectAsync(1, ExchangeClient.LiveOnly, cancelOnDisconnect: true))
        {
            await alice.PlaceLimitAsync(7, 1, (byte)Side.Buy, 95, 2);
            await alice.WaitForAsync<OrderAccepted>(Patience);
        }

        var canceled = await dropCopy.WaitForAsync<OrderCanceled>(Patience);
        Assert.Equal((7UL, (byte)CancelReason.MassCancel), (canceled.ClientOrderId, canceled.Reason));
        var done = await dropCopy.WaitForAsync<MassCancelDone>(Patience);
        Assert.Equal((0UL, 0U, 1U, 0UL), (done.ClientMessageId, done.Instrument, done.Canceled, done.Sequence));
    }

    [Fact]
    public async Task Malformed_frames_end_only_the_offending_session()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using (var mallory = await host.ConnectAsync(3))
        {
            await mallory.SendRawAsync(new byte[] { 1, 0, 0x10, 1 }); // length 1: impossible
            var ended = await mallory.WaitForAsync<SessionEnded>(Patience);
            Assert.Equal((ushort)SessionEndReason.MalformedFrame, ended.Reason);
        }

        await alice.PlaceLimitAsync(1, 1, (byte)Side.Buy, 90, 1);
        Assert.Equal(1UL, (await alice.WaitForAsync<OrderAccepted>(Patience)).ClientOrderId);
    }

    [Fact]
    public async Task Thousands_of_random_frames_do_not_disturb_a_well_behaved_session()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        var random = new Random(7);
        var frames = 0;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await using var fuzzer = await ConnectWhenFree(host, 3, 0);
            var bytes = new byte[4_000];
            for (var i = 0; i < bytes.Length;)
            {
                // Mostly well-formed frames of every type with random bodies, some pure garbage.
                var bodyLength = random.Next(0, 80);
                if (random.Next(100) == 0 || i + 4 + bodyLength > bytes.Length)
                {
                    random.NextBytes(bytes.AsSpan(i));
                    break;
                }

                FrameHeader.Write(bytes.AsSpan(i), (MessageType)random.Next(0, 0x50), 1, bodyLength);
                random.NextBytes(bytes.AsSpan(i + 4, bodyLength));
                i += 4 + bodyLength;
                frames++;
            }

            try
            {
                await fuzzer.SendRawAsync(bytes);
            }
            catch (IOException)
            {
                // The server may already have closed it: that is an acceptable answer to garbage.
            }
        }

        Assert.True(frames > 2_000, $"{frames} frames sent");
        await alice.PlaceLimitAsync(42, 1, (byte)Side.Buy, 90, 1);
        Assert.Equal(42UL, (await alice.WaitForAsync<OrderAccepted>(Patience)).ClientOrderId);
        Assert.Null(host.Engine.Fault);
    }

    [Fact]
    public async Task Excess_messages_are_throttled()
    {
        await using var host = await ExchangeHost.StartAsync(new GatewayOptions { ThrottleRatePerSecond = 1, ThrottleBurst = 3, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        await using var alice = await host.ConnectAsync(1);
        for (var i = 0; i < 10; i++)
        {
            await alice.PlaceLimitAsync(100 + i, 1, (byte)Side.Buy, 90, 1);
        }

        var reject = await alice.WaitForAsync<ProtocolReject>(Patience);
        Assert.Equal((ushort)ProtocolRejectReason.Throttled, reject.Reason);
    }

    [Fact]
    public async Task A_silent_session_is_ended_after_missed_heartbeats()
    {
        await using var host = await ExchangeHost.StartAsync(new GatewayOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(200) });
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync("127.0.0.1", host.Gateway.Port);
        var stream = tcp.GetStream();
        var login = new byte[FrameHeader.Size + Login.BodySize];
        FrameCodec.Write(login, new Login(1, 1, 0, 0, 0, "secret-1"));
        await stream.WriteAsync(login);

        // Say nothing more: the server answers the login, may send heartbeats, then ends the session.
        var received = new List<MessageType>();
        var header = new byte[FrameHeader.Size];
        using var timeout = new CancellationTokenSource(Patience);
        while (await stream.ReadAtLeastAsync(header, FrameHeader.Size, throwOnEndOfStream: false, timeout.Token) == FrameHeader.Size)
        {
            var frame = FrameHeader.Read(header);
            var body = new byte[frame.BodyLength];
            await stream.ReadExactlyAsync(body, timeout.Token);
            received.Add(frame.Type);
            if (frame.Type == MessageType.SessionEnded)
            {
                Assert.Equal((ushort)SessionEndReason.HeartbeatTimeout, SessionEnded.ReadBody(body).Reason);
                break;
            }
        }

        Assert.Equal(MessageType.LoginAccepted, received[0]);
        Assert.Equal(MessageType.SessionEnded, received[^1]);
    }

    /// <summary>Logs in, retrying while the server still holds the account's previous session.</summary>
    private static async Task<ExchangeClient> ConnectWhenFree(ExchangeHost host, long account, long lastSeen)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await host.ConnectAsync(account, lastSeen);
            }
            catch (LoginRejectedException ex) when (ex.Reason == LoginRejectReason.AlreadyLoggedIn && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}

public sealed class MarketDataTests
{
    private static readonly TimeSpan Patience = ExchangeHost.Patience;

    [Fact]
    public async Task Subscribers_see_a_snapshot_then_increments_and_trades_consistent_with_the_fills()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using var bob = await host.ConnectAsync(2);
        await using var watcher = await host.ConnectAsync(3);

        await alice.PlaceLimitAsync(1, 1, (byte)Core.Orders.Side.Sell, 100, 5);
        await alice.PlaceLimitAsync(2, 1, (byte)Core.Orders.Side.Sell, 101, 7);
        await alice.WaitForAsync<Protocol.OrderEntry.OrderAccepted>(Patience);
        await alice.WaitForAsync<Protocol.OrderEntry.OrderAccepted>(Patience);

        await watcher.SendAsync(new Protocol.MarketData.Subscribe(1, 10, 0));
        var snapshot = new List<Protocol.MarketData.BookLevel>();
        while (true)
        {
            var level = await watcher.WaitForAsync<Protocol.MarketData.BookLevel>(Patience);
            snapshot.Add(level);
            if ((level.Flags & Gateway.MarketData.MarketDataHub.LastFlag) != 0)
            {
                break;
            }
        }

        Assert.Equal([(100L, 5L), (101L, 7L)], snapshot.Where(l => l.Side == 2).Select(l => (l.Price, l.Quantity)));
        var snapshotSequence = snapshot[^1].InstrumentSequence;

        await bob.PlaceLimitAsync(9, 1, (byte)Core.Orders.Side.Buy, 100, 2);
        var fill = await bob.WaitForAsync<Protocol.OrderEntry.OrderExecuted>(Patience);
        var trade = await watcher.WaitForAsync<Protocol.MarketData.PublicTrade>(Patience);
        var change = await watcher.WaitForAsync<Protocol.MarketData.BookLevel>(Patience);
        Assert.Equal((fill.Price, fill.Quantity, fill.TradeId), (trade.Price, trade.Quantity, trade.TradeId));
        Assert.Equal((100L, 3L, 1U), (change.Price, change.Quantity, change.Orders));
        Assert.Equal(snapshotSequence + 1, trade.InstrumentSequence);
        Assert.Equal(snapshotSequence + 2, change.InstrumentSequence);
    }
}

public sealed class LocalBookTests
{
    [Fact]
    public async Task The_clients_local_book_follows_snapshot_and_increments()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using var bob = await host.ConnectAsync(2);
        await using var watcher = await host.ConnectAsync(3);
        await alice.PlaceLimitAsync(1, 1, (byte)Core.Orders.Side.Sell, 100, 5);
        await alice.WaitForAsync<Protocol.OrderEntry.OrderAccepted>(ExchangeHost.Patience);

        var book = await watcher.SubscribeBookAsync(1);
        Assert.True(SpinWait.SpinUntil(() => book.IsReady, ExchangeHost.Patience));
        Assert.Equal([(100L, 5L, 1U)], book.Asks(10));

        await bob.PlaceLimitAsync(2, 1, (byte)Core.Orders.Side.Buy, 99, 4);
        await bob.PlaceLimitAsync(3, 1, (byte)Core.Orders.Side.Buy, 100, 2);
        await bob.WaitForAsync<Protocol.OrderEntry.OrderExecuted>(ExchangeHost.Patience);
        Assert.True(SpinWait.SpinUntil(() => book.Asks(10) is [(100, 3, 1)] && book.Bids(10) is [(99, 4, 1)], ExchangeHost.Patience),
            $"asks {string.Join(",", book.Asks(10))} bids {string.Join(",", book.Bids(10))}");
        Assert.Equal(0, book.Gaps);
    }
}

public sealed class ConnectionCapTests
{
    [Fact]
    public async Task Connections_beyond_the_cap_are_refused_with_LoginRejected_too_many_connections()
    {
        await using var host = await ExchangeHost.StartAsync(new GatewayOptions { MaxConnections = 2, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        await using var alice = await host.ConnectAsync(1);
        await using var bob = await host.ConnectAsync(2);
        var refused = await Assert.ThrowsAsync<LoginRejectedException>(() => host.ConnectAsync(3));
        Assert.Equal(Protocol.Session.LoginRejectReason.TooManyConnections, refused.Reason);
        await alice.PlaceLimitAsync(1, 1, (byte)Core.Orders.Side.Buy, 90, 1);
        Assert.Equal(1UL, (await alice.WaitForAsync<Protocol.OrderEntry.OrderAccepted>(ExchangeHost.Patience)).ClientOrderId);
    }
}
