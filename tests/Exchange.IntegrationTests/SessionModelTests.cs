using System.Diagnostics;
using Exchange.Testing;
using Exchange.Client;
using Exchange.Core.Orders;
using Exchange.Gateway;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;

namespace Exchange.IntegrationTests;

/// <summary>
/// Several sessions per account (a trading engine and a drop copy, or a CLI beside a running
/// strategy) and market-data-only sessions, through the real gateway and client.
/// </summary>
public sealed class SessionModelTests
{
    private static readonly TimeSpan Patience = ExchangeHost.Patience;

    private static GatewayOptions TwoSessions => new() { MaxSessionsPerAccount = 2, HeartbeatInterval = TimeSpan.FromSeconds(5) };

    [Fact]
    public async Task Every_session_of_an_account_receives_every_reply_with_the_same_numbers_up_to_the_limit()
    {
        await using var host = await ExchangeHost.StartAsync(TwoSessions);
        await using var engine = await host.ConnectAsync(1);
        await using var dropCopy = await host.ConnectAsync(1, lastSeen: ExchangeClient.LiveOnly);
        var refused = await Assert.ThrowsAsync<LoginRejectedException>(() => host.ConnectAsync(1));
        Assert.Equal(LoginRejectReason.AlreadyLoggedIn, refused.Reason);

        await engine.PlaceLimitAsync(11, 1, (byte)Side.Sell, 100, 2);
        var accepted = await engine.WaitForAsync<OrderAccepted>(Patience);
        var copied = await dropCopy.WaitForAsync<OrderAccepted>(Patience);
        Assert.Equal(accepted, copied); // same message, same sequence number: one numbered stream per account

        await dropCopy.CancelAsync((long)accepted.OrderId); // either session may act on the account's orders
        Assert.Equal(accepted.OrderId, (await engine.WaitForAsync<OrderCanceled>(Patience)).OrderId);
        Assert.Equal(accepted.OrderId, (await dropCopy.WaitForAsync<OrderCanceled>(Patience)).OrderId);
    }

    [Fact]
    public async Task A_session_that_ends_frees_its_place_and_the_others_go_on()
    {
        await using var host = await ExchangeHost.StartAsync(TwoSessions);
        await using var first = await host.ConnectAsync(2);
        await using (var second = await host.ConnectAsync(2, lastSeen: ExchangeClient.LiveOnly))
        {
            await second.LogoutAsync();
            await second.WaitForAsync<SessionEnded>(Patience);
        }

        ExchangeClient? third = null;
        var deadline = DateTime.UtcNow + Patience;
        while (third is null)
        {
            try
            {
                third = await host.ConnectAsync(2, lastSeen: ExchangeClient.LiveOnly);
            }
            catch (LoginRejectedException ex) when (ex.Reason == LoginRejectReason.AlreadyLoggedIn && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20); // the ended session leaves the stream as its connection closes
            }
        }

        await using (third)
        {
            await first.PlaceLimitAsync(21, 1, (byte)Side.Buy, 90, 1);
            Assert.Equal(21UL, (await first.WaitForAsync<OrderAccepted>(Patience)).ClientOrderId);
            Assert.Equal(21UL, (await third.WaitForAsync<OrderAccepted>(Patience)).ClientOrderId);
        }
    }

    [Fact]
    public async Task A_market_data_only_session_sees_the_book_beside_trading_sessions_and_may_not_trade()
    {
        await using var host = await ExchangeHost.StartAsync(); // one order-entry session per account
        await using var trader = await host.ConnectAsync(3);
        await using var watcher = await host.ConnectAsync(3, marketDataOnly: true); // does not count against the limit
        await using var secondWatcher = await host.ConnectAsync(3, marketDataOnly: true);

        var book = await watcher.SubscribeBookAsync(1);
        Assert.True(SpinWait.SpinUntil(() => book.IsReady, Patience));
        await trader.PlaceLimitAsync(31, 1, (byte)Side.Sell, 105, 4);
        await trader.WaitForAsync<OrderAccepted>(Patience);
        Assert.True(SpinWait.SpinUntil(() => book.Asks(10) is [(105, 4, 1)], Patience), $"asks {string.Join(",", book.Asks(10))}");

        foreach (var session in new[] { watcher, secondWatcher })
        {
            await session.PlaceLimitAsync(32, 1, (byte)Side.Buy, 105, 1);
            var reject = await session.WaitForAsync<ProtocolReject>(Patience);
            Assert.Equal((ushort)ProtocolRejectReason.NotAllowed, reject.Reason);
        }

        // No reply stream for a market-data session: the trader's own fills reach the trader only.
        await using var buyer = await host.ConnectAsync(1);
        await buyer.PlaceLimitAsync(33, 1, (byte)Side.Buy, 105, 1);
        await trader.WaitForAsync<OrderExecuted>(Patience);
        Assert.True(SpinWait.SpinUntil(() => book.Asks(10) is [(105, 3, 1)], Patience));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => secondWatcher.WaitForAsync<OrderExecuted>(TimeSpan.FromMilliseconds(300))); // can only pass wrongly, never fail wrongly, under load
    }

    [Fact]
    public async Task Unsubscribe_stops_an_instruments_market_data_and_a_new_subscribe_starts_from_a_snapshot()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using var watcher = await host.ConnectAsync(3);
        var book = await watcher.SubscribeBookAsync(1);
        Assert.True(SpinWait.SpinUntil(() => book.IsReady, Patience));
        await alice.PlaceLimitAsync(41, 1, (byte)Side.Sell, 110, 1);
        await alice.WaitForAsync<OrderAccepted>(Patience);
        Assert.True(SpinWait.SpinUntil(() => book.Asks(10) is [(110, 1, 1)], Patience));
        var sequence = book.Sequence;

        await watcher.UnsubscribeAsync(1);
        await watcher.PlaceLimitAsync(42, 1, (byte)Side.Buy, 90, 1); // after the unsubscribe, on the same connection
        await watcher.WaitForAsync<OrderAccepted>(Patience);
        await alice.PlaceLimitAsync(43, 1, (byte)Side.Sell, 111, 1);
        await alice.WaitForAsync<OrderAccepted>(Patience);
        await watcher.PlaceLimitAsync(44, 1, (byte)Side.Buy, 91, 1);
        await watcher.WaitForAsync<OrderAccepted>(Patience); // its reply follows anything the market data would have queued before it
        Assert.Equal(sequence, book.Sequence); // the book changed three times; none of it reached the unsubscribed session

        var again = await watcher.SubscribeBookAsync(1);
        Assert.True(SpinWait.SpinUntil(() => again.IsReady && again.Asks(10) is [(110, 1, 1), (111, 1, 1)] && again.Bids(10) is [(91, 1, 1), (90, 1, 1)], Patience),
            $"asks {string.Join(",", again.Asks(10))} bids {string.Join(",", again.Bids(10))}");
        Assert.Equal(sequence + 3, again.Sequence);
    }

    public static TheoryData<byte[]> FramesOfKnownTypes => new()
    {
        FrameCodec.ToArray(new Protocol.MarketData.Subscribe(1, 10, 0)),
        FrameCodec.ToArray(new Protocol.MarketData.Unsubscribe(1, 0)),
        FrameCodec.ToArray(new Protocol.Queries.QueryBalances(9)),
        FrameCodec.ToArray(new CancelOrder(9, 1, 1)),
    };

    [Theory]
    [MemberData(nameof(FramesOfKnownTypes))]
    public async Task A_version_the_protocol_does_not_document_gets_reason_2_and_a_wrong_size_reason_3(byte[] frame)
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        var unknownVersion = (byte[])frame.Clone();
        unknownVersion[3] = 9;
        await alice.SendRawAsync(unknownVersion);
        var versionReject = await alice.WaitForAsync<ProtocolReject>(Patience);
        Assert.Equal((ushort)ProtocolRejectReason.UnsupportedVersion, versionReject.Reason);

        var shortFrame = frame[..^1]; // one byte short of its documented size
        shortFrame[0]--;
        await alice.SendRawAsync(shortFrame);
        var sizeReject = await alice.WaitForAsync<ProtocolReject>(Patience);
        Assert.Equal((ushort)ProtocolRejectReason.WrongBodySize, sizeReject.Reason);

        // Messages that carry a ClientMessageId (9 here) get it back in the reject, when the body is long enough to hold
        // it (a QueryBalances one byte short is not); market-data messages have none.
        var expectedId = (MessageType)frame[2] is MessageType.Subscribe or MessageType.Unsubscribe ? 0UL : 9UL;
        var shortBodyHoldsId = shortFrame.Length - FrameHeader.Size >= 8;
        Assert.Equal((expectedId, shortBodyHoldsId ? expectedId : 0UL), (versionReject.ClientMessageId, sizeReject.ClientMessageId));
        Assert.Equal((frame[2], frame[2]), (versionReject.ReferenceType, sizeReject.ReferenceType));
    }

    [Fact]
    public async Task A_server_shutting_down_says_so_with_SessionEnded_7_before_closing()
    {
        var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await using var watcher = await host.ConnectAsync(2, marketDataOnly: true);
        await alice.PlaceLimitAsync(51, 1, (byte)Side.Buy, 90, 1);
        await alice.WaitForAsync<OrderAccepted>(Patience);

        var ending = host.DisposeAsync();
        Assert.Equal((ushort)SessionEndReason.ServerShutdown, (await alice.WaitForAsync<SessionEnded>(Patience)).Reason);
        Assert.Equal((ushort)SessionEndReason.ServerShutdown, (await watcher.WaitForAsync<SessionEnded>(Patience)).Reason);
        await ending;
    }

    [Fact]
    public async Task A_client_still_sending_when_the_server_stops_can_read_every_reply_sent_before_the_close()
    {
        // The client reads nothing while 1,000 replies pile up (its small receive buffer leaves most of
        // them in the server's send buffer) and keeps sending while the server stops. Closing a socket
        // with unread input answers with a reset, and a reset throws away the send buffer: the gateway
        // must linger (FIN after the last reply, then read and drop until the client closes or a
        // deadline) so the client still reads every reply and the SessionEnded.
        var host = await ExchangeHost.StartAsync();
        using var alice = new RawSession(host.Gateway.Port, 1, "secret-1", receiveBufferBytes: 4096);
        const int Orders = 1_000;
        for (var id = 1UL; id <= Orders; id++)
        {
            alice.Send(new NewOrder(id, id, 1, (byte)Side.Buy, (byte)OrderType.Limit, (byte)TimeInForce.Gtc, 0, 0, 0, 0, 90, 1, 0));
        }

        Assert.True(SpinWait.SpinUntil(() => host.Engine.ProcessedSequence >= ExchangeHost.SetupCommands + Orders, Patience));
        var ending = host.DisposeAsync().AsTask();
        var stillSending = Stopwatch.StartNew();
        try
        {
            while (stillSending.ElapsedMilliseconds < 500) // past the session's close on an idle machine; then the client stops sending, unread replies and all
            {
                alice.Send(new ClientHeartbeat());
                await Task.Delay(1);
            }
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The server's kernel already reset the connection: the replies below are lost, and the test says so.
        }

        var accepted = 0;
        MessageType type;
        while ((type = alice.Next(out _)) != MessageType.SessionEnded)
        {
            accepted += type == MessageType.OrderAccepted ? 1 : 0;
        }

        Assert.Equal(Orders, accepted);
        await ending.WaitAsync(Patience);
    }
}
