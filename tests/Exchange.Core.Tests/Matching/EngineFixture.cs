using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Testing;

namespace Exchange.Core.Tests.Matching;

/// <summary>Base for rule tests: a plain BTC/USD book (tick 1, lot 1, no fees) and three funded accounts.</summary>
public abstract class EngineFixture
{
    protected const long Alice = 1, Bob = 2, Carol = 3;
    protected const int Instrument = Specs.BtcUsdId;

    protected EngineFixture()
    {
        Exchange = new TestExchange().WithInstrument(Specs.Plain());
        foreach (var account in new[] { Alice, Bob, Carol })
        {
            Exchange.WithAccount(account, (Specs.Btc, 1_000), (Specs.Usd, 1_000_000));
        }
    }

    protected TestExchange Exchange { get; }

    private long _nextClientId = 1_000;

    /// <summary>A fresh client order id, so tests that do not care about ids never collide.</summary>
    protected long NextClientId() => _nextClientId++;

    /// <summary>Processes a command; the four balance events after each fill are checked for shape and left out, so rule tests see order events only.</summary>
    protected Event[] Submit(Command command) => WithoutFillBalances(SubmitAll(command));

    /// <summary>Processes a command and returns every event it emitted.</summary>
    protected Event[] SubmitAll(Command command)
    {
        var events = Exchange.Submit(command);
        Invariants.Check(Exchange.Engine);
        return events;
    }

    private static Event[] WithoutFillBalances(Event[] events)
    {
        var kept = new List<Event>();
        for (var i = 0; i < events.Length; i++)
        {
            kept.Add(events[i]);
            if (events[i].Type != EventType.TradeExecuted)
            {
                continue;
            }

            var trade = events[i];
            long[] owners = [trade.AccountId, trade.AccountId, trade.MakerAccountId, trade.MakerAccountId];
            for (var k = 0; k < 4; k++)
            {
                Assert.Equal((EventType.BalanceChanged, owners[k]), (events[i + 1 + k].Type, events[i + 1 + k].AccountId));
            }

            i += 4;
        }

        return [.. kept];
    }

    protected Event[] Buy(long account, long price, long quantity, long? clientId = null, TimeInForce tif = TimeInForce.Gtc) =>
        Submit(Command.PlaceLimit(account, Instrument, clientId ?? NextClientId(), Side.Buy, price, quantity, tif));

    protected Event[] Sell(long account, long price, long quantity, long? clientId = null, TimeInForce tif = TimeInForce.Gtc) =>
        Submit(Command.PlaceLimit(account, Instrument, clientId ?? NextClientId(), Side.Sell, price, quantity, tif));

    /// <summary>Places a resting order and returns its exchange order id.</summary>
    protected long Rest(long account, Side side, long price, long quantity, long? clientId = null)
    {
        var events = Submit(Command.PlaceLimit(account, Instrument, clientId ?? NextClientId(), side, price, quantity));
        Assert.Equal(EventType.OrderAccepted, events[0].Type);
        Assert.Single(events);
        return events[0].OrderId;
    }

    protected static Event OnlyOne(Event[] events, EventType type)
    {
        var match = events.Where(e => e.Type == type).ToArray();
        Assert.Single(match);
        return match[0];
    }

    protected static RejectReason RejectOf(Event[] events)
    {
        var e = Assert.Single(events);
        Assert.True(e.Type is EventType.OrderRejected or EventType.AdminRejected, $"expected a reject, got {e.Type}");
        return e.Reason;
    }

    protected static EventType[] Types(Event[] events) => events.Select(e => e.Type).ToArray();
}
