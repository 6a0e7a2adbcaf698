using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Core.Orders;
using Exchange.Testing;

namespace Exchange.Core.Tests.Matching;

/// <summary>
/// Zero allocation in steady state is a correctness property of the hot path, so it is asserted
/// here (bytes counted by the runtime, not timed). Speed itself is measured in perf/.
/// </summary>
public sealed class AllocationTests
{
    [Fact]
    public void Steady_state_trading_allocates_nothing() => AssertNoAllocation(BuildCycle());

    [Fact]
    public void Steady_state_trading_with_stops_icebergs_gtd_and_quote_amounts_allocates_nothing()
    {
        var (types, reasons) = AssertNoAllocation(BuildAdvancedCycle());
        // The cycle does what it is meant to exercise, in every round.
        Assert.Equal(20 * 50, types[(int)EventType.OrderTriggered]);
        Assert.Equal(20 * 50, reasons[(int)CancelReason.Expired]);
        Assert.Equal(20 * 50, reasons[(int)CancelReason.QuoteAmountSpent]);
    }

    /// <summary>Runs the cycle until warm, then 20 measured rounds; returns event and cancel-reason counts of those rounds.</summary>
    private static (int[] Types, int[] Reasons) AssertNoAllocation(List<Command> commands)
    {
        var types = new int[256];
        var reasons = new int[256];
        var counting = false;
        var engine = new MatchingEngine(new MatchingEngineOptions { ExpectedOrders = 10_000 });
        var events = new EventBuffer(1_024);
        var sequence = 0L;
        void Apply(Command c)
        {
            c.Sequence = ++sequence;
            c.Timestamp = sequence * 1_000;
            if (c.ExpireTime != 0)
            {
                c.ExpireTime += c.Timestamp; // relative in the cycle, absolute here
            }

            events.Clear();
            engine.Process(c, events);
            if (counting)
            {
                foreach (ref readonly var e in events.Events)
                {
                    types[(int)e.Type]++;
                    reasons[(int)e.CancelReason]++;
                }
            }
        }

        Apply(Command.AddInstrument(Specs.BtcUsd(makerFeeBps: 5, takerFeeBps: 10)));
        for (long account = 1; account <= 20; account++)
        {
            Apply(Command.AddAccount(account));
            Apply(Command.Deposit(account, Specs.Btc, 1_000_000_000));
            Apply(Command.Deposit(account, Specs.Usd, 1_000_000_000_000));
        }

        // Warm-up: pools, maps and buffers reach their working size, and the JIT finishes tiering up
        // (tier-0 → tier-1 and on-stack replacement can allocate on this thread while they happen).
        var warmUp = System.Diagnostics.Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 1_500)
        {
            foreach (var c in commands)
            {
                Apply(c);
            }
        }

        counting = true;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 20; round++)
        {
            foreach (var c in commands)
            {
                Apply(c);
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        return (types, reasons);
    }

    /// <summary>A cycle that rests, replaces, crosses, expires and cancels, leaving the book as it found it.</summary>
    private static List<Command> BuildCycle()
    {
        var list = new List<Command>();
        for (var i = 0; i < 50; i++)
        {
            long account = 1 + (i % 20);
            list.Add(Command.PlaceLimit(account, 1, 1, Side.Buy, 9_900 - (i % 7 * 10), 5 * (1 + (i % 3))));
            list.Add(Command.PlaceLimit(account, 1, 2, Side.Sell, 10_100 + (i % 7 * 10), 5 * (1 + (i % 3))));
            list.Add(Command.Replace(account, 0, 0, 0) with { ClientOrderId = 1, Price = 9_890 - (i % 5 * 10), Quantity = 5 });
            list.Add(Command.PlaceLimit(21 - account, 1, 3, Side.Buy, 10_200, 10, TimeInForce.Ioc));
            list.Add(Command.PlaceMarket(21 - account, 1, 4, Side.Sell, 5));
            list.Add(Command.CancelByClientId(account, 1));
            list.Add(Command.CancelByClientId(account, 2));
            list.Add(Command.MassCancel(account));
        }

        return list;
    }

    /// <summary>
    /// A cycle in which stops fire (one by an iceberg's refilled slice), icebergs refill, a GTD order
    /// expires on a time tick and a quote-amount buy spends its amount; it ends with the last trade
    /// back at 10,000 and the book empty.
    /// </summary>
    private static List<Command> BuildAdvancedCycle()
    {
        var list = new List<Command>();
        for (var i = 0; i < 50; i++)
        {
            long a = 1 + (i % 20), b = 1 + ((i + 7) % 20), c = 1 + ((i + 13) % 20);
            list.Add(Command.PlaceLimit(a, 1, 1, Side.Sell, 10_000, 5));
            list.Add(Command.PlaceLimit(b, 1, 1, Side.Buy, 10_000, 5, TimeInForce.Ioc)); // last trade 10,000
            list.Add(Command.PlaceIceberg(a, 1, 2, Side.Sell, 10_100, 30, 5));
            list.Add(Command.PlaceStopLimit(b, 1, 3, Side.Buy, 10_100, 10_100, 5));
            list.Add(Command.PlaceStop(b, 1, 4, Side.Sell, 9_900, 5));
            list.Add(Command.PlaceLimit(c, 1, 5, Side.Buy, 10_100, 5, TimeInForce.Ioc)); // takes a slice, fires b's stop-limit
            list.Add(Command.PlaceQuoteAmount(c, 1, 6, 60_000, limitPrice: 10_100));
            var gtd = Command.PlaceLimit(a, 1, 7, Side.Buy, 9_000, 5);
            gtd.TimeInForce = TimeInForce.Gtd;
            gtd.ExpireTime = 1_500; // made absolute when applied
            list.Add(gtd);
            list.Add(Command.TimeTick());
            list.Add(Command.TimeTick()); // the GTD order expires here
            list.Add(Command.MassCancel(a));
            list.Add(Command.MassCancel(b));
        }

        return list;
    }
}
