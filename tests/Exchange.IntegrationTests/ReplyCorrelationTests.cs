using Exchange.Testing;
using Exchange.Client;
using Exchange.Core.Commands;
using Exchange.Core.Orders;
using Exchange.Gateway;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Queries;

namespace Exchange.IntegrationTests;

/// <summary>Protocol version 3 through the real gateway and client: every reply names its request, and what changed for old sessions.</summary>
public sealed class ReplyCorrelationTests
{
    private static readonly TimeSpan Patience = ExchangeHost.Patience;

    [Fact]
    public async Task A_mass_cancel_is_answered_with_its_message_id_and_count_even_when_nothing_was_open()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await alice.PlaceLimitAsync(1, 1, (byte)Side.Sell, 150, 1);
        await alice.PlaceLimitAsync(2, 1, (byte)Side.Sell, 151, 1);
        await alice.SendAsync(new MassCancel(501, 0, 0));
        var done = await alice.WaitForAsync<MassCancelDone>(Patience);
        Assert.Equal((501UL, 0U, 2U, 0UL), (done.ClientMessageId, done.Instrument, done.Canceled, done.Sequence));

        await alice.SendAsync(new MassCancel(502, 1, 0));
        done = await alice.WaitForAsync<MassCancelDone>(Patience);
        Assert.Equal((502UL, 1U, 0U), (done.ClientMessageId, done.Instrument, done.Canceled));

        // A refused mass cancel is an OrderRejected (command type 4) carrying the message id as its client order id.
        await alice.SendAsync(new MassCancel(503, 99, 0));
        var refused = await alice.WaitForAsync<OrderRejected>(Patience);
        Assert.Equal((503UL, (ushort)RejectReason.UnknownInstrument, (byte)4), (refused.ClientOrderId, refused.Reason, refused.CommandType));
    }

    [Fact]
    public async Task A_self_trade_decrement_is_an_OrderReduced_for_version_3_and_the_same_numbered_OrderReplaced_for_older_sessions()
    {
        await using var host = await ExchangeHost.StartAsync(new GatewayOptions { MaxSessionsPerAccount = 3, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        await using var current = await host.ConnectAsync(1);
        await using var old = await ExchangeClient.ConnectAsync("127.0.0.1", host.Gateway.Port, 1, "secret-1", ExchangeClient.LiveOnly, protocolVersion: 2);
        await current.PlaceLimitAsync(7, 1, (byte)Side.Sell, 100, 5);
        await current.WaitForAsync<OrderAccepted>(Patience);

        // Alice buys 3 against her own resting 5 with decrement-and-cancel: the resting order is reduced to 2.
        await current.PlaceLimitAsync(8, 1, (byte)Side.Buy, 100, 3, selfTradePrevention: (byte)SelfTradePrevention.DecrementAndCancel);
        var reduced = await current.WaitForAsync<OrderReduced>(Patience);
        Assert.Equal((7UL, 100L, 2L, 3L, 1U, (byte)CancelReason.SelfTrade), (reduced.ClientOrderId, reduced.Price, reduced.Leaves, reduced.Reduced, reduced.Instrument, reduced.Reason));
        var open = Assert.Single(await current.QueryOpenOrdersAsync(Patience), o => o.ClientOrderId == 7);
        Assert.Equal((5L - 3L, 2L), (open.Quantity, open.Leaves)); // docs/protocol.md: the total quantity less what self-trade prevention took off

        var replaced = await old.WaitForAsync<OrderReplaced>(Patience);
        Assert.Equal((reduced.Sequence, reduced.OrderId, 7UL, 100L, 2L), (replaced.Sequence, replaced.OrderId, replaced.ClientOrderId, replaced.Price, replaced.Leaves));

        // A resend to an old session is translated the same way.
        await using var resent = await ExchangeClient.ConnectAsync("127.0.0.1", host.Gateway.Port, 1, "secret-1", (long)reduced.Sequence - 1, protocolVersion: 1);
        Assert.Equal(reduced.Sequence, (await resent.WaitForAsync<OrderReplaced>(Patience)).Sequence);
    }

    [Fact]
    public async Task Instrument_changes_are_pushed_to_every_version_3_session_and_assets_are_listed_with_symbols()
    {
        var assets = new[] { new AssetInfo(1, "BTC", 8), new AssetInfo(2, "USD", 2) };
        await using var host = await ExchangeHost.StartAsync(new GatewayOptions { Assets = assets, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        await using var watcher = await host.ConnectAsync(3, marketDataOnly: true);

        var listed = await watcher.QueryAssetsAsync(Patience);
        Assert.Equal([(1U, "BTC", (byte)8), (2U, "USD", (byte)2)], listed.Select(a => (a.Asset, a.Symbol, a.Decimals)));

        host.Engine.Submit(Command.Halt(1));
        var halted = await watcher.WaitForAsync<InstrumentStatusChanged>(Patience);
        Assert.Equal((1U, (byte)2, (byte)2), (halted.Instrument, halted.Status, halted.Change));
        host.Engine.Submit(Command.Resume(1));
        var resumed = await watcher.WaitForAsync<InstrumentStatusChanged>(Patience);
        Assert.Equal((1U, (byte)1, (byte)3), (resumed.Instrument, resumed.Status, resumed.Change));
        host.Engine.Submit(Command.AddInstrument(Exchange.Testing.Specs.Plain(id: 9)));
        var added = await watcher.WaitForAsync<InstrumentStatusChanged>(Patience);
        Assert.Equal((9U, (byte)1, (byte)1, 100L), (added.Instrument, added.Status, added.Change, added.Price));
        Assert.True(added.EngineSequence > resumed.EngineSequence);
    }

    [Fact]
    public async Task A_session_with_no_assets_configured_gets_one_empty_last_report()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        Assert.Empty(await alice.QueryAssetsAsync(Patience));
        await alice.SendAsync(new QueryAssets(44));
        var report = await alice.WaitForAsync<AssetReport>(Patience);
        Assert.Equal((44UL, 0U, (byte)2), (report.ClientMessageId, report.Asset, report.Flags));
    }

    [Fact]
    public async Task Subscribing_to_an_unknown_instrument_is_refused_from_version_3_and_older_sessions_get_the_empty_book_they_always_got()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var current = await host.ConnectAsync(3, marketDataOnly: true);
        await current.SendAsync(new Subscribe(99, 10, 0));
        var refused = await current.WaitForAsync<Exchange.Protocol.Session.ProtocolReject>(Patience);
        Assert.Equal(((byte)Exchange.Protocol.Framing.MessageType.Subscribe, (ushort)Exchange.Protocol.Session.ProtocolRejectReason.UnknownInstrument), (refused.ReferenceType, refused.Reason));

        await using var old = await ExchangeClient.ConnectAsync("127.0.0.1", host.Gateway.Port, 2, "secret-2", ExchangeClient.LiveOnly, protocolVersion: 2, marketDataOnly: true);
        await old.SendAsync(new Subscribe(99, 10, 0));
        var empty = await old.WaitForAsync<BookLevel>(Patience);
        Assert.Equal((99U, (byte)0, (byte)3), (empty.Instrument, empty.Side, empty.Flags));

        // A listed instrument is still a snapshot, for both.
        await current.SendAsync(new Subscribe(1, 10, 0));
        Assert.Equal(1U, (await current.WaitForAsync<BookLevel>(Patience)).Instrument);
    }
}
