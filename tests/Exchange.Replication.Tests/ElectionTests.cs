namespace Exchange.Replication.Tests;

public sealed class ElectionTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    [Fact]
    public void Only_the_most_up_to_date_standby_campaigns_ties_to_the_lowest_id()
    {
        var positions = new Dictionary<long, long> { [1] = 100, [2] = 120, [3] = 120 };
        Assert.False(Election.ShouldCampaign(1, 100, positions, TimeSpan.Zero, Grace));
        Assert.True(Election.ShouldCampaign(2, 120, positions, TimeSpan.Zero, Grace));
        Assert.False(Election.ShouldCampaign(3, 120, positions, TimeSpan.Zero, Grace));
    }

    [Fact]
    public void After_the_grace_period_any_standby_campaigns()
    {
        var positions = new Dictionary<long, long> { [1] = 100, [2] = 120 };
        Assert.True(Election.ShouldCampaign(1, 100, positions, Grace, Grace));
    }

    [Fact]
    public void A_node_whose_position_is_not_yet_published_counts_with_its_own()
    {
        Assert.True(Election.ShouldCampaign(3, 50, new Dictionary<long, long> { [1] = 40 }, TimeSpan.Zero, Grace));
    }
}
