using Exchange.Core.Commands;
using Exchange.Journal.Format;

namespace Exchange.Journal.Tests;

public sealed class CommandCodecTests
{
    [Fact]
    public void Every_command_type_round_trips()
    {
        var buffer = new byte[1024];
        foreach (var command in SampleCommands.All())
        {
            var length = CommandCodec.Encode(command, buffer);
            Assert.True(length <= CommandCodec.MaxSize(command));
            var decoded = CommandCodec.Decode(command.Type, CommandCodec.CurrentVersion, command.Sequence, command.Timestamp, buffer.AsSpan(0, length));
            Assert.Equal(command, decoded);
        }
    }

    [Fact]
    public void Unknown_version_and_short_payload_are_clear_errors()
    {
        var error = Assert.Throws<InvalidDataException>(() => CommandCodec.Decode(CommandType.PlaceOrder, 9, 1, 1, new byte[64]));
        Assert.Contains("version 9", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => CommandCodec.Decode(CommandType.PlaceOrder, 1, 1, 1, new byte[10]));
    }

    [Fact]
    public void Crc32C_matches_the_standard_check_value() =>
        Assert.Equal(0xE3069283u, Checksum.Of("123456789"u8));
}
