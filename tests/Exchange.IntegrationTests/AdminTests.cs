using Exchange.Testing;
using Exchange.Client;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Protocol.Admin;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;

namespace Exchange.IntegrationTests;

public sealed class AdminTests
{
    private static readonly TimeSpan Patience = ExchangeHost.Patience;

    private static AdminCommand Admin(byte command, long account = 0, int asset = 0, int instrument = 0, long amount = 0, ulong id = 1) =>
        new(id, command, 0, 0, (ulong)account, (uint)asset, (uint)instrument, amount, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, string.Empty);

    [Fact]
    public async Task Admin_commands_are_refused_from_a_trading_account()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var alice = await host.ConnectAsync(1);
        await alice.SendAsync(Admin(21, account: 1, asset: 2, amount: 1_000_000));
        var reject = await alice.WaitForAsync<ProtocolReject>(Patience);
        Assert.Equal((ushort)ProtocolRejectReason.NotAllowed, reject.Reason);
    }

    [Fact]
    public async Task Admin_deposits_halts_and_adds_through_the_journal_and_sees_the_results()
    {
        await using var host = await ExchangeHost.StartAsync();
        await using var admin = await host.ConnectAsync(ExchangeHost.AdminAccount);
        await using var alice = await host.ConnectAsync(1);

        await admin.SendAsync(Admin(21, account: 1, asset: 2, amount: 500));

        // Results of the host's own set-up commands may still reach a new admin session: skip them.
        var deposited = await admin.WaitForAsync<AdminResultV2>(Patience);
        while (deposited.EngineSequence <= ExchangeHost.SetupCommands)
        {
            deposited = await admin.WaitForAsync<AdminResultV2>(Patience);
        }

        Assert.Equal(((byte)EventType.BalanceChanged, 1UL, 1_000_500L), (deposited.Event, deposited.Account, deposited.Available));
        // Alice's stream starts with the set-up deposits (resent at login), then this one.
        var update = await alice.WaitForAsync<BalanceUpdate>(Patience);
        while (update.Amount != 500)
        {
            update = await alice.WaitForAsync<BalanceUpdate>(Patience);
        }

        Assert.Equal((2U, 500L, 1_000_500L), (update.Asset, update.Amount, update.Available));

        await admin.SendAsync(Admin(22, account: 1, asset: 2, amount: 10_000_000, id: 4242));
        var refused = await admin.WaitForAsync<AdminResultV2>(Patience);
        Assert.Equal(((byte)EventType.AdminRejected, (ushort)RejectReason.InsufficientBalance, 4242UL), (refused.Event, refused.Reason, refused.ClientMessageId));

        await admin.SendAsync(Admin(11, instrument: 1));
        Assert.Equal((byte)EventType.InstrumentHalted, (await admin.WaitForAsync<AdminResultV2>(Patience)).Event);
        await alice.PlaceLimitAsync(1, 1, (byte)Side.Buy, 90, 1);
        Assert.Equal((ushort)RejectReason.InstrumentHalted, (await alice.WaitForAsync<OrderRejected>(Patience)).Reason);
        await admin.SendAsync(Admin(12, instrument: 1));
        Assert.Equal((byte)EventType.InstrumentResumed, (await admin.WaitForAsync<AdminResultV2>(Patience)).Event);

        await admin.SendAsync(Admin(20, account: 50));
        var added = await admin.WaitForAsync<AdminResultV2>(Patience);
        Assert.Equal(((byte)EventType.AccountAdded, 50UL), (added.Event, added.Account));

        var instrument = new AdminCommand(77, 10, 0, 0, 0, 0, 7, 0, 3, 2, 1, 1, 1, 100, 50, 0, 0, 0, 0, "ETH-USD");
        await admin.SendAsync(instrument);
        var listed = await admin.WaitForAsync<AdminResultV2>(Patience);
        Assert.Equal(((byte)EventType.InstrumentAdded, 7U, 77UL), (listed.Event, listed.Instrument, listed.ClientMessageId));
    }

    [Fact]
    public async Task A_snapshot_command_is_answered_with_the_sequence_it_was_taken_at_and_old_sessions_get_version_1_results()
    {
        await using var host = await ExchangeHost.StartAsync(new Exchange.Gateway.GatewayOptions { MaxSessionsPerAccount = 2, HeartbeatInterval = TimeSpan.FromSeconds(5) });
        await using var admin = await host.ConnectAsync(ExchangeHost.AdminAccount);
        await admin.SendAsync(Admin(30, id: 31));
        var taken = await admin.WaitForAsync<AdminResultV2>(Patience);
        while (taken.ClientMessageId != 31)
        {
            taken = await admin.WaitForAsync<AdminResultV2>(Patience);
        }

        Assert.Equal(30, taken.Event);
        Assert.True(taken.EngineSequence >= ExchangeHost.SetupCommands, $"taken at {taken.EngineSequence}");

        // The state was captured at that sequence; the file is written in the background.
        var snapshots = Path.Combine(host.DataPath, "snapshots");
        var deadline = DateTime.UtcNow + Patience;
        while (!(Directory.Exists(snapshots) && Directory.EnumerateFiles(snapshots).Any()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.NotEmpty(Directory.EnumerateFiles(snapshots));

        // A protocol version 2 admin reads AdminResult version 1 (no id), as before version 3.
        await using var old = await ExchangeClient.ConnectAsync("127.0.0.1", host.Gateway.Port, ExchangeHost.AdminAccount, "admin-secret", protocolVersion: 2);
        await old.SendAsync(Admin(21, account: 2, asset: 2, amount: 7, id: 32));
        var result = await old.WaitForAsync<AdminResult>(Patience);
        while (result.Amount != 7)
        {
            result = await old.WaitForAsync<AdminResult>(Patience);
        }

        Assert.Equal(((byte)EventType.BalanceChanged, 2UL), (result.Event, result.Account));
    }
}
