using Exchange.Core.Commands;

namespace Exchange.JournalTools.Tests;

public sealed class LeaderEpochFormattingTests
{
    [Fact]
    public void A_leader_epoch_shows_its_epoch_and_node()
    {
        var fields = Formatting.CommandFields(Command.LeaderEpoch(epoch: 2_379, nodeId: 2));
        Assert.Equal(2_379L, fields["epoch"]);
        Assert.Equal(2L, fields["node"]);
    }
}
