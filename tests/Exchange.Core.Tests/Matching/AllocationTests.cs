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
    public void Steady_state_trading_allocates_nothing()
    {
        var engine = new MatchingEngine(new MatchingEngineOptions { ExpectedOrders = 10_000 });
        var events = new EventBuffer(1_024);
        var sequence = 0L;
        void Apply(Command c)
        {
            c.Sequence = ++sequence;
            events.Clear();
            engine.Process(c, events);
        }

        Apply(Command.AddInstrument(Specs.BtcUsd(makerFeeBps: 5, takerFeeBps: 10)));
        for (long account = 1; account <= 20; account++)
        {
            Apply(Command.AddAccount(account));
            Apply(Command.Deposit(account, Specs.Btc, 1_000_000_000));
            Apply(Command.Deposit(account, Specs.Usd, 1_000_000_000_000));
        }

        var commands = BuildCycle();

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
}
