using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Core.Orders;
using Exchange.Journal.Reading;
using Exchange.Testing;

namespace Exchange.Journal.Tests;

/// <summary>
/// A state of format version 1 (before the advanced order types) and the journal that produced
/// it, both written by the previous build (commit 09c3da8) and kept as a fixture: today's engine
/// must load the old state to exactly the state it rebuilds by replaying the old journal, and
/// carry on from it with the new order types.
/// </summary>
public sealed class StateUpgradeTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "state-v1");

    [Fact]
    public void A_version_1_state_loads_to_the_state_its_journal_replays_to()
    {
        var bytes = File.ReadAllBytes(Path.Combine(FixtureDirectory, "state-v1.bin"));
        Assert.Equal(1, BitConverter.ToInt32(bytes, 4)); // really a version 1 state
        var loaded = MatchingEngine.LoadState(bytes);

        var replayed = new MatchingEngine();
        var events = new EventBuffer();
        using (var cursor = new JournalCursor(Path.Combine(FixtureDirectory, "journal")))
        {
            while (cursor.MoveNext())
            {
                events.Clear();
                replayed.Process(cursor.ReadCommand(), events);
            }
        }

        Assert.True(loaded.OpenOrderCount > 5, $"{loaded.OpenOrderCount} open orders");
        Assert.Equal(replayed.SaveState(), loaded.SaveState());
        Invariants.Check(loaded);

        // Both carry on identically with the new order types.
        var a = new TestExchange(loaded);
        var b = new TestExchange(replayed);
        Command[] next =
        [
            Command.PlaceStop(1, 1, 900, Side.Sell, 900, 10),
            Command.PlaceIceberg(2, 1, 901, Side.Sell, 1_010, 100, 10),
            Command.PlaceQuoteAmount(3, 1, 902, 50_000),
            Command.TimeTick(),
        ];
        foreach (var c in next)
        {
            Assert.Equal(b.Submit(c), a.Submit(c));
        }

        Assert.Equal(b.Engine.StateHash(), a.Engine.StateHash());
    }
}
