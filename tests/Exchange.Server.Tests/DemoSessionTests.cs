using Exchange.Engine;
using Exchange.Server.Demo;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Server.Tests;

public sealed class DemoSessionTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "exchange-server-tests", Guid.NewGuid().ToString("N"));

    private (string Output, ExchangeEngine Engine, int Trades) RunDemo()
    {
        var output = new StringWriter();
        var printer = new EventPrinter(TextWriter.Synchronized(output));
        var engine = ExchangeEngine.Start(new EngineOptions { DataDirectory = _dataDirectory }, NullLogger.Instance, printer);
        var session = new DemoSession(TextWriter.Synchronized(output), engine, printer);
        session.Run();
        engine.Dispose();
        session.PrintFinalState(engine.StoppedState);
        return (output.ToString(), engine, printer.TradeCount);
    }

    [Fact]
    public void Demo_trades_through_the_engine_and_prints_the_book()
    {
        var (output, engine, trades) = RunDemo();
        Assert.Equal(7, trades);
        Assert.Contains("triggered order", output, StringComparison.Ordinal); // bob's stop fires in the script
        Assert.Contains("65,300      2 (1)", output, StringComparison.Ordinal); // alice's iceberg shows 2 of 8
        Assert.Contains("TRADE", output, StringComparison.Ordinal);
        Assert.Contains("BTC-USD book", output, StringComparison.Ordinal);
        Assert.Contains("OutsidePriceBand", output, StringComparison.Ordinal);
        Assert.Null(engine.Fault);
        Invariants.Check(engine.StoppedState);
    }

    [Fact]
    public void Second_run_starts_from_the_state_the_first_left()
    {
        var first = RunDemo();
        var firstSequence = first.Engine.StoppedState.LastSequence;
        var second = RunDemo();
        Assert.Equal(firstSequence, second.Engine.Recovery.LastSequence);
        Assert.Contains($"Recovered the exchange at sequence {firstSequence}", second.Output, StringComparison.Ordinal);
        Assert.Equal(firstSequence + 12, second.Engine.StoppedState.LastSequence); // the 12 scripted commands, no set-up this time
        Assert.Equal(7, second.Trades);
        Invariants.Check(second.Engine.StoppedState);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
