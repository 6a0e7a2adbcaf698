using Exchange.Server.Demo;
using Exchange.Testing;

namespace Exchange.Server.Tests;

public sealed class DemoSessionTests
{
    [Fact]
    public void Demo_trades_prints_the_book_and_leaves_a_consistent_state()
    {
        var output = new StringWriter();
        var demo = new DemoSession(output);
        demo.Run();

        var text = output.ToString();
        Assert.Equal(4, demo.TradeCount);
        Assert.Contains("TRADE", text, StringComparison.Ordinal);
        Assert.Contains("BTC-USD book", text, StringComparison.Ordinal);
        Assert.Contains("OutsidePriceBand", text, StringComparison.Ordinal);
        Invariants.Check(demo.Engine);
    }

    [Fact]
    public void Demo_is_deterministic()
    {
        var first = new StringWriter();
        var second = new StringWriter();
        new DemoSession(first).Run();
        new DemoSession(second).Run();
        Assert.Equal(first.ToString(), second.ToString());
    }
}
