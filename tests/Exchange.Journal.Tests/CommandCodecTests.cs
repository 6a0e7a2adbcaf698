using Exchange.Core.Commands;
using Exchange.Journal.Format;

namespace Exchange.Journal.Tests;

public sealed class CommandCodecTests
{
    [Fact]
    public void Every_command_type_round_trips()
    {
        var buffer = new byte[1024];
        foreach (var command in SampleCommands.WithAdvanced())
        {
            var length = CommandCodec.Encode(command, buffer);
            Assert.True(length <= CommandCodec.MaxSize(command));
            var decoded = CommandCodec.Decode(command.Type, CommandCodec.VersionFor(command), command.Sequence, command.Timestamp, buffer.AsSpan(0, length));
            Assert.Equal(command, decoded);
        }
    }

    [Fact]
    public void An_account_with_a_login_keeps_its_secret_hash_and_one_without_reads_as_before()
    {
        var buffer = new byte[1024];
        var hash = new Core.Accounts.SecretHash([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], Enumerable.Range(100, 32).Select(i => (byte)i).ToArray(), 100_000);
        var withLogin = Command.AddAccount(2001, hash) with { ClientOrderId = 71 };
        var length = CommandCodec.Encode(withLogin, buffer);
        Assert.True(length <= CommandCodec.MaxSize(withLogin));
        var decoded = CommandCodec.Decode(withLogin.Type, 1, 5, 6, buffer.AsSpan(0, length));
        Assert.Equal((2001L, 71L, 100_000), (decoded.AccountId, decoded.ClientOrderId, decoded.Secret!.Iterations));
        Assert.Equal(hash.Salt, decoded.Secret.Salt);
        Assert.Equal(hash.Hash, decoded.Secret.Hash);

        var plain = Command.AddAccount(2002);
        Assert.Equal(CommandCodec.BodySize, CommandCodec.Encode(plain, buffer));
        Assert.Null(CommandCodec.Decode(plain.Type, 1, 0, 0, buffer.AsSpan(0, CommandCodec.BodySize)).Secret);

        // A tail cut short is reported as damage, not read as a shorter hash.
        Assert.Throws<InvalidDataException>(() => CommandCodec.Decode(withLogin.Type, 1, 0, 0, buffer.AsSpan(0, 0)));
        CommandCodec.Encode(withLogin, buffer);
        Assert.Throws<InvalidDataException>(() => CommandCodec.Decode(withLogin.Type, 1, 0, 0, buffer.AsSpan(0, length - 1)));
    }

    [Fact]
    public void Plain_commands_keep_the_v1_layout_and_advanced_orders_take_v2()
    {
        var buffer = new byte[1024];
        var plain = Command.PlaceLimit(1, 1, 1, Core.Orders.Side.Buy, 100, 5);
        Assert.Equal(1, CommandCodec.VersionFor(plain));
        Assert.Equal(CommandCodec.BodySize, CommandCodec.Encode(plain, buffer));
        var stop = Command.PlaceStop(1, 1, 2, Core.Orders.Side.Sell, 90, 5);
        Assert.Equal(2, CommandCodec.VersionFor(stop));
        Assert.Equal(CommandCodec.BodySizeV2, CommandCodec.Encode(stop, buffer));
    }

    [Fact]
    public void A_v1_record_upgrades_to_a_command_without_the_v2_fields()
    {
        // A v2 command's first 64 bytes are its v1 body: read as v1 they give the command minus the new fields.
        var buffer = new byte[1024];
        var stop = Command.PlaceStopLimit(7, 1, 3, Core.Orders.Side.Buy, 110, 120, 5, Core.Orders.TimeInForce.Gtc, displayQuantity: 5);
        var length = CommandCodec.Encode(stop, buffer);
        var asV1 = CommandCodec.Decode(stop.Type, 1, 0, 0, buffer.AsSpan(0, CommandCodec.BodySize));
        Assert.Equal(stop with { StopPrice = 0, DisplayQuantity = 0 }, asV1);
        Assert.Throws<InvalidDataException>(() => CommandCodec.Decode(stop.Type, 2, 0, 0, buffer.AsSpan(0, length - 1)));
    }

    [Fact]
    public void Unknown_version_and_short_payload_are_clear_errors()
    {
        var error = Assert.Throws<InvalidDataException>(() => CommandCodec.Decode(CommandType.PlaceOrder, 9, 1, 1, new byte[96]));
        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => CommandCodec.Decode(CommandType.PlaceOrder, 1, 1, 1, new byte[10]));
    }

    [Fact]
    public void Crc32C_matches_the_standard_check_value() =>
        Assert.Equal(0xE3069283u, Checksum.Of("123456789"u8));
}

public sealed class LeaderEpochCodecTests
{
    [Fact]
    public void A_leader_epoch_keeps_its_epoch_and_node_through_the_journal_codec()
    {
        var command = Command.LeaderEpoch(epoch: 123_456_789_012, nodeId: 7);
        command.Sequence = 99;
        command.Timestamp = 1_700_000_000_000_000_000;
        var buffer = new byte[CommandCodec.MaxSize(command)];
        var length = CommandCodec.Encode(command, buffer);
        var decoded = CommandCodec.Decode(command.Type, CommandCodec.VersionFor(command), command.Sequence, command.Timestamp, buffer.AsSpan(0, length));
        Assert.Equal(command, decoded);
        Assert.Equal(CommandType.LeaderEpoch, decoded.Type);
        Assert.Equal(123_456_789_012, decoded.OrderId);
        Assert.Equal(7, decoded.ClientOrderId);
    }
}
