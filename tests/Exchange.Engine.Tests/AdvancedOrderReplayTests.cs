using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Engine.Recovery;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Engine.Tests;

/// <summary>
/// Stops, icebergs, GTD orders and quote-amount buys through the real pipeline (journal, business
/// logic, publisher), then replayed from the journal: the same events and the same state hash,
/// including expiries caused by time ticks and stop cascades.
/// </summary>
public abstract class AdvancedOrderReplayTests(PipelineTopology topology)
{
    [Fact]
    public void Random_streams_with_every_order_type_replay_exactly()
    {
        var all = new List<Event>();
        for (var seed = 31; seed <= 38; seed++)
        {
            using var folder = new EngineFolder(topology);
            // The generator's expire times lie 5..155 µs after BaseTime: a clock stepping 300 ns per command spreads them over the stream.
            var options = folder.Options() with { Clock = new SteppingClock(300), TimeTickInterval = TimeSpan.Zero };
            var live = EngineFolder.Run(options, EngineFolder.SampleStream(seed, 300));

            var replayed = new List<Event>();
            var recovery = EngineRecovery.Recover(options, NullLogger.Instance, replayed.Add);
            Assert.Equal(live.Hash, recovery.Engine.StateHash());
            Assert.Equal(live.Events, replayed);
            all.AddRange(live.Events);
        }

        // The streams did exercise what this test is about.
        var summary = string.Join(", ", all.GroupBy(e => (e.Type, e.CancelReason)).Select(g => $"{g.Key}={g.Count()}"));
        Assert.True(all.Count(e => e.Type == EventType.OrderTriggered) >= 5, summary);
        Assert.True(all.Exists(e => e.CancelReason == CancelReason.Expired), summary);
        Assert.True(all.Exists(e => e.CancelReason == CancelReason.QuoteAmountSpent), summary);
    }

    [Fact]
    public void A_time_tick_expires_a_gtd_order_when_no_command_arrives_and_the_expiry_replays()
    {
        using var folder = new EngineFolder(topology);
        var clock = new SteppingClock();
        var options = folder.Options() with { Clock = clock, TimeTickInterval = TimeSpan.FromMilliseconds(5) };
        var expired = new ManualResetEventSlim();
        var sink = new CollectingSink { OnEach = e => { if (e.Type == EventType.OrderExpired) expired.Set(); } };
        var engine = ExchangeEngine.Start(options, NullLogger.Instance, sink);
        foreach (var c in Setup())
        {
            Assert.True(engine.Submit(c));
        }

        var expireAt = RandomCommands.BaseTime + 1_000_000_000; // one second after the clock's start
        Assert.True(engine.Submit(Command.PlaceLimit(1, Specs.BtcUsdId, 7, Side.Buy, 9_000, 5).GoodTill(expireAt)));
        Assert.False(expired.Wait(100), "expired before its time");
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(expired.Wait(TimeSpan.FromSeconds(10)), "no time tick expired the order");
        engine.Dispose();

        var expiry = Assert.Single(sink.Events, e => e.Type == EventType.OrderExpired);
        Assert.Equal(CommandType.TimeTick, expiry.CommandType);
        Assert.Equal(CancelReason.Expired, expiry.CancelReason);
        Assert.True(expiry.Timestamp >= expireAt);
        Assert.Contains(folder.JournaledCommands(), c => c.Type == CommandType.TimeTick);

        var replayed = new List<Event>();
        var recovery = EngineRecovery.Recover(options with { TimeTickInterval = TimeSpan.Zero }, NullLogger.Instance, replayed.Add);
        Assert.Equal(engine.StoppedState.StateHash(), recovery.Engine.StateHash());
        Assert.Equal(sink.Events, replayed);
    }

    [Fact]
    public void No_time_tick_is_journaled_while_no_order_is_due()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options() with { Clock = new SteppingClock(), TimeTickInterval = TimeSpan.FromMilliseconds(2) };
        var engine = ExchangeEngine.Start(options, NullLogger.Instance);
        foreach (var c in Setup())
        {
            Assert.True(engine.Submit(c));
        }

        Assert.True(engine.Submit(Command.PlaceLimit(1, Specs.BtcUsdId, 7, Side.Buy, 9_000, 5).GoodTill(RandomCommands.BaseTime + 3_600_000_000_000)));
        Thread.Sleep(100);
        engine.Dispose();
        Assert.DoesNotContain(folder.JournaledCommands(), c => c.Type == CommandType.TimeTick);
    }

    [Fact]
    public void A_stop_cascade_in_one_command_replays()
    {
        using var folder = new EngineFolder(topology);
        var options = folder.Options() with { TimeTickInterval = TimeSpan.Zero };
        Command[] commands =
        [
            .. Setup(),
            // Resting bids at 9,990 / 9,980 / 9,970; sell stops at 9,990 and 9,980 of account 2; a trade at 9,990 fires the first,
            // whose trade at 9,980 fires the second.
            Command.PlaceLimit(1, Specs.BtcUsdId, 1, Side.Buy, 9_990, 10),
            Command.PlaceLimit(1, Specs.BtcUsdId, 2, Side.Buy, 9_980, 5),
            Command.PlaceLimit(1, Specs.BtcUsdId, 3, Side.Buy, 9_970, 5),
            Command.PlaceStop(2, Specs.BtcUsdId, 4, Side.Sell, 9_990, 10),
            Command.PlaceStopLimit(2, Specs.BtcUsdId, 5, Side.Sell, 9_980, 9_970, 5),
            Command.PlaceLimit(3, Specs.BtcUsdId, 6, Side.Sell, 9_990, 5),
        ];
        var live = EngineFolder.Run(options, commands);
        var last = live.Events.Where(e => e.Sequence == live.LastSequence).ToList();
        Assert.Equal(2, last.Count(e => e.Type == EventType.OrderTriggered));

        var replayed = new List<Event>();
        var recovery = EngineRecovery.Recover(options, NullLogger.Instance, replayed.Add);
        Assert.Equal(live.Hash, recovery.Engine.StateHash());
        Assert.Equal(live.Events, replayed);
    }

    private static IEnumerable<Command> Setup()
    {
        yield return Command.AddInstrument(Specs.BtcUsd());
        for (long account = 1; account <= 3; account++)
        {
            yield return Command.AddAccount(account);
            yield return Command.Deposit(account, Specs.Btc, 1_000);
            yield return Command.Deposit(account, Specs.Usd, 100_000_000);
        }
    }
}

public sealed class AdvancedOrderReplayTestsCompact() : AdvancedOrderReplayTests(PipelineTopology.Compact);

public sealed class AdvancedOrderReplayTestsDedicated() : AdvancedOrderReplayTests(PipelineTopology.Dedicated);
