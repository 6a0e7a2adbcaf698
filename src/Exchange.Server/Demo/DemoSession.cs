using System.Globalization;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Core.Orders;
using Exchange.Core.Queries;

namespace Exchange.Server.Demo;

/// <summary>
/// A scripted trading session run in-process against the matching engine: it shows a new user
/// what the exchange does (resting, matching, partial fills, cancels, rejects) and prints the book
/// and the trades. It stands in for the network server until the gateway exists.
/// </summary>
internal sealed class DemoSession(TextWriter output)
{
    private readonly MatchingEngine _engine = new();
    private readonly EventBuffer _events = new();
    private long _sequence;
    private long _clientOrderId;

    public MatchingEngine Engine => _engine;

    public int TradeCount { get; private set; }

    public void Run()
    {
        output.WriteLine("Exchange demo: a scripted session on the in-process matching engine");
        output.WriteLine();
        foreach (var command in DemoWorld.Setup())
        {
            Submit(command, quiet: true);
        }

        output.WriteLine("Instruments BTC-USD and ETH-USD; accounts alice, bob and carol funded.");
        output.WriteLine();

        Place(DemoWorld.Alice, Side.Sell, 65_100, 5);
        Place(DemoWorld.Alice, Side.Sell, 65_200, 10);
        Place(DemoWorld.Bob, Side.Sell, 65_100, 3);
        Place(DemoWorld.Carol, Side.Buy, 64_900, 4);
        Place(DemoWorld.Carol, Side.Buy, 64_800, 6);
        PrintBook(DemoWorld.BtcUsd);

        output.WriteLine("carol buys 10 at 65,200 (crosses two levels):");
        Place(DemoWorld.Carol, Side.Buy, 65_200, 10);
        output.WriteLine("bob sells 2 at market:");
        Submit(Command.PlaceMarket(DemoWorld.Bob, DemoWorld.BtcUsd, ++_clientOrderId, Side.Sell, 2));
        output.WriteLine("alice tries to buy far outside the price band:");
        Place(DemoWorld.Alice, Side.Buy, 90_000, 1);
        output.WriteLine("carol cancels everything on BTC-USD:");
        Submit(Command.MassCancel(DemoWorld.Carol, DemoWorld.BtcUsd));
        output.WriteLine();
        PrintBook(DemoWorld.BtcUsd);
        PrintBalances();
        output.WriteLine($"{TradeCount} trades; state hash {_engine.StateHash():x16} after {_sequence} commands.");
    }

    private void Place(long account, Side side, long price, long quantity) =>
        Submit(Command.PlaceLimit(account, DemoWorld.BtcUsd, ++_clientOrderId, side, price, quantity));

    private void Submit(Command command, bool quiet = false)
    {
        command.Sequence = ++_sequence;
        command.Timestamp = _sequence; // a scripted clock: one tick per command
        _events.Clear();
        _engine.Process(command, _events);
        foreach (ref readonly var e in _events.Events)
        {
            if (e.Type == EventType.TradeExecuted)
            {
                TradeCount++;
            }

            if (!quiet)
            {
                output.WriteLine("  " + Describe(e));
            }
        }
    }

    private static string Describe(in Event e) => e.Type switch
    {
        EventType.OrderAccepted => Invariant($"accepted  #{e.OrderId} {DemoWorld.AccountName(e.AccountId)} {e.Side} {e.Quantity} @ {Price(e.Price)}"),
        EventType.TradeExecuted => Invariant($"TRADE     #{e.TradeId} {e.Quantity} @ {e.Price:N0}  taker #{e.OrderId} ({DemoWorld.AccountName(e.AccountId)}, {e.Side}) maker #{e.MakerOrderId} ({DemoWorld.AccountName(e.MakerAccountId)})  fees maker {e.MakerFee} taker {e.TakerFee}"),
        EventType.OrderRejected => Invariant($"rejected  {DemoWorld.AccountName(e.AccountId)} {e.Side} {e.Quantity} @ {Price(e.Price)}: {e.Reason} ({(int)e.Reason})"),
        EventType.OrderCanceled or EventType.OrderExpired => Invariant($"{(e.Type == EventType.OrderExpired ? "expired" : "canceled"),-9} #{e.OrderId} {e.Quantity} left ({e.CancelReason})"),
        EventType.MassCancelCompleted => Invariant($"mass cancel done: {e.Quantity} orders"),
        _ => e.Type.ToString(),
    };

    private static string Price(long price) => price == 0 ? "market" : price.ToString("N0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void PrintBook(int instrument)
    {
        Span<DepthLevel> bids = stackalloc DepthLevel[10];
        Span<DepthLevel> asks = stackalloc DepthLevel[10];
        var bidCount = _engine.GetDepth(instrument, Side.Buy, bids);
        var askCount = _engine.GetDepth(instrument, Side.Sell, asks);
        output.WriteLine("BTC-USD book");
        output.WriteLine("        bids               asks");
        output.WriteLine("   qty (orders) price  |  price  qty (orders)");
        for (var i = 0; i < Math.Max(bidCount, askCount); i++)
        {
            var bid = i < bidCount ? Invariant($"{bids[i].Quantity,6} ({bids[i].OrderCount}) {bids[i].Price,7:N0}") : new string(' ', 21);
            var ask = i < askCount ? Invariant($"{asks[i].Price,7:N0} {asks[i].Quantity,4} ({asks[i].OrderCount})") : string.Empty;
            output.WriteLine($"{bid}  | {ask}");
        }

        output.WriteLine();
    }

    private void PrintBalances()
    {
        output.WriteLine("balances (available / held)");
        foreach (var account in new[] { DemoWorld.Alice, DemoWorld.Bob, DemoWorld.Carol })
        {
            var btc = _engine.GetBalance(account, DemoWorld.Btc);
            var usd = _engine.GetBalance(account, DemoWorld.Usd);
            output.WriteLine(Invariant($"  {DemoWorld.AccountName(account),-6} BTC {btc.Available,6:N0} / {btc.Held,-4:N0} USD {usd.Available,13:N0} / {usd.Held:N0}"));
        }

        output.WriteLine();
    }
}
