using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Engine.Tests;

/// <summary>
/// The engine's instruments on a host's meter: a host's meter factory gives every engine of the
/// process the same meter (a cluster node starts a new engine after a journal cut), and a collector
/// must then see each instrument once, reading the engine that runs now.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public void A_second_engine_on_the_same_meter_takes_the_instruments_over_instead_of_adding_a_second_set()
    {
        using var factory = new CachingMeterFactory();
        using var first = new EngineFolder(PipelineTopology.Compact);
        using var second = new EngineFolder(PipelineTopology.Compact);
        var stream = EngineFolder.SampleStream(40, 25);
        var firstEngine = ExchangeEngine.Start(first.Options() with { MeterFactory = factory }, NullLogger.Instance);
        Submit(firstEngine, stream[..10]);
        firstEngine.Dispose();

        var secondEngine = ExchangeEngine.Start(second.Options() with { MeterFactory = factory }, NullLogger.Instance);
        try
        {
            Submit(secondEngine, stream[..25]);
            var observed = factory.Observe(EngineMetrics.MeterName);
            Assert.Equal([25L], observed["exchange.engine.sequence"]); // one instrument, reading the running engine (not the disposed one's 10)
            Assert.Single(observed["exchange.journal.records"]);
        }
        finally
        {
            secondEngine.Dispose();
        }
    }

    private static void Submit(ExchangeEngine engine, Core.Commands.Command[] commands)
    {
        foreach (var command in commands)
        {
            Assert.True(engine.Submit(command));
        }

        Assert.True(SpinWait.SpinUntil(() => engine.ProcessedSequence == commands.Length, TimeSpan.FromSeconds(60)));
    }
}
