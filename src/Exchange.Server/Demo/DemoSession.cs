using System.Globalization;
using Exchange.Core.Commands;
using Exchange.Core.Matching;
using Exchange.Core.Orders;
using Exchange.Core.Queries;
using Exchange.Engine;

namespace Exchange.Server.Demo;

/// <summary>
/// A scripted trading session run through the real engine (journal, business logic, publisher):
/// it shows a new user what the exchange does and, run again on the same data folder, that the
/// exchange remembers: resting and crossing orders, a market order, a band reject, a stop that a
/// trade fires, an iceberg showing one slice, and a mass cancel.
/// </summary>
internal sealed class DemoSession(TextWriter output, ExchangeEngine engine, EventPrinter printer)
{
    private long _submitted = engine.Recovery.LastSequence;
    private long _clientOrderId = (engine.Recovery.LastSequence + 1) * 100;

    public void Run()
    {
        var recovered = engine.Recovery;
        if (recovered.LastSequence == 0)
        {
            output.WriteLine("Fresh data folder: adding instruments BTC-USD, ETH-USD and funding alice, bob and carol.");
            printer.Quiet = true;
            foreach (var command in DemoWorld.Setup())
            {
                Submit(command);
            }

            Wait();
            printer.Quiet = false;
        }
        else
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Recovered the exchange at sequence {recovered.LastSequence} (snapshot at {recovered.SnapshotSequence}, {recovered.ReplayedCommands} commands replayed)."));
        }

        output.WriteLine();
        output.WriteLine("alice and bob offer, carol bids:");
        Place(DemoWorld.Alice, Side.Sell, 65_100, 5);
        Place(DemoWorld.Alice, Side.Sell, 65_200, 10);
        Place(DemoWorld.Bob, Side.Sell, 65_100, 3);
        Place(DemoWorld.Carol, Side.Buy, 64_900, 4);
        Place(DemoWorld.Carol, Side.Buy, 64_800, 6);
        Wait();
        output.WriteLine("carol buys 10 at 65,200 (crosses two levels):");
        Place(DemoWorld.Carol, Side.Buy, 65_200, 10);
        Wait();
        output.WriteLine("bob sells 2 at market:");
        Submit(Command.PlaceMarket(DemoWorld.Bob, DemoWorld.BtcUsd, ++_clientOrderId, Side.Sell, 2));
        Wait();
        output.WriteLine("alice tries to buy far outside the price band:");
        Place(DemoWorld.Alice, Side.Buy, 90_000, 1);
        Wait();
        output.WriteLine("bob sets a sell stop for 3 at 64,800; alice offers 8 at 65,300, showing 2 at a time (an iceberg):");
        Submit(Command.PlaceStop(DemoWorld.Bob, DemoWorld.BtcUsd, ++_clientOrderId, Side.Sell, 64_800, 3));
        Submit(Command.PlaceIceberg(DemoWorld.Alice, DemoWorld.BtcUsd, ++_clientOrderId, Side.Sell, 65_300, 8, 2));
        Wait();
        output.WriteLine("alice sells 5 at 64,800: the trade at 64,800 fires bob's stop, which sells at market:");
        Place(DemoWorld.Alice, Side.Sell, 64_800, 5);
        Wait();
        output.WriteLine("carol cancels everything on BTC-USD:");
        Submit(Command.MassCancel(DemoWorld.Carol, DemoWorld.BtcUsd));
        Wait();
        output.WriteLine();
    }

    /// <summary>Prints the book and balances from the stopped engine's state.</summary>
    public void PrintFinalState(MatchingEngine state)
    {
        PrintBook(state, DemoWorld.BtcUsd);
        output.WriteLine("balances (available / held)");
        foreach (var account in new[] { DemoWorld.Alice, DemoWorld.Bob, DemoWorld.Carol })
        {
            var btc = state.GetBalance(account, DemoWorld.Btc);
            var usd = state.GetBalance(account, DemoWorld.Usd);
            output.WriteLine(Invariant($"  {DemoWorld.AccountName(account),-6} BTC {btc.Available,6:N0} / {btc.Held,-4:N0} USD {usd.Available,13:N0} / {usd.Held:N0}"));
        }

        output.WriteLine();
        output.WriteLine(Invariant($"{printer.TradeCount} trades this run; state hash {state.StateHash():x16} at sequence {state.LastSequence}."));
    }

    private void Place(long account, Side side, long price, long quantity) =>
        Submit(Command.PlaceLimit(account, DemoWorld.BtcUsd, ++_clientOrderId, side, price, quantity));

    private void Submit(Command command)
    {
        if (engine.Submit(command))
        {
            _submitted++;
        }
    }

    private void Wait() => printer.WaitFor(_submitted);

    private void PrintBook(MatchingEngine state, int instrument)
    {
        Span<DepthLevel> bids = stackalloc DepthLevel[10];
        Span<DepthLevel> asks = stackalloc DepthLevel[10];
        var bidCount = state.GetDepth(instrument, Side.Buy, bids);
        var askCount = state.GetDepth(instrument, Side.Sell, asks);
        output.WriteLine("BTC-USD book");
        output.WriteLine("          bids          |         asks");
        output.WriteLine("   qty (orders)   price |   price   qty (orders)");
        for (var i = 0; i < Math.Max(bidCount, askCount); i++)
        {
            var bid = i < bidCount ? Invariant($"{bids[i].Quantity,6} ({bids[i].OrderCount,2}) {bids[i].Price,8:N0}") : new string(' ', 21);
            var ask = i < askCount ? Invariant($"{asks[i].Price,8:N0} {asks[i].Quantity,6} ({asks[i].OrderCount})") : string.Empty;
            output.WriteLine($"{bid}  | {ask}");
        }

        output.WriteLine();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
