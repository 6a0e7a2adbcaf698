using System.Globalization;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;
using Exchange.Engine;
using Microsoft.Extensions.Logging.Abstractions;

// The crash-test child: runs the engine in sync mode on a data folder under a steady stream of
// orders and prints "ack <sequence> <account> <client order id>" for every order whose reply the
// engine released (which, in sync mode, happens only after its journal batch was fsynced).
// The parent kills it with SIGKILL at random moments and checks nothing acknowledged was lost.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Exchange.CrashChild <data-dir> [seed] [read-models] [--topology Compact|Dedicated]");
    return 2;
}

// With "read-models" as the third argument the engine also runs the gateway's read models (reply streams,
// market data), saved beside each snapshot, as the server does.
var readModels = args.Length > 2 && args[2] == "read-models";
var topologyAt = Array.IndexOf(args, "--topology"); // "--topology Compact|Dedicated" anywhere after the data folder
var topology = topologyAt > 0 && topologyAt + 1 < args.Length ? Enum.Parse<PipelineTopology>(args[topologyAt + 1], ignoreCase: true) : PipelineTopology.Auto;
IEventSink[] sinks = readModels ? [new AckPrinter(), new Exchange.Gateway.Replies.ReplyRouter(200), new Exchange.Gateway.MarketData.MarketDataHub()] : [new AckPrinter()];
var engine = ExchangeEngine.Start(new EngineOptions { DataDirectory = args[0], Topology = topology, Durability = Durability.Sync, SnapshotEveryCommands = 500, RebuildSinksFromJournal = readModels },
    NullLogger.Instance, sinks);
if (engine.Recovery.LastSequence == 0)
{
    engine.Submit(Command.AddInstrument(new InstrumentSpec(1, "CRASH-USD", 1, 2, 1, 1, 1, 1_000_000, 1_000, 0, 0, 1, 2)));
    for (long account = 1; account <= 4; account++)
    {
        engine.Submit(Command.AddAccount(account));
        engine.Submit(Command.Deposit(account, 1, 1_000_000_000));
        engine.Submit(Command.Deposit(account, 2, 1_000_000_000_000));
    }
}

Console.WriteLine("ready " + engine.Recovery.LastSequence.ToString(CultureInfo.InvariantCulture));
var clientOrderId = (engine.Recovery.LastSequence + 1) * 1_000_000;
var random = new Random(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1);
while (true)
{
    var account = 1 + random.Next(4);
    var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
    var price = 990 + random.Next(21);
    engine.Submit(Command.PlaceLimit(account, 1, ++clientOrderId, side, price, 1 + random.Next(20)));
    if (random.Next(50) == 0)
    {
        engine.Submit(Command.MassCancel(account, 1));
    }

    if (random.Next(20) == 0)
    {
        Thread.Sleep(1);
    }
}

/// <summary>Prints an acknowledgement for every order-entry reply as the engine releases it.</summary>
internal sealed class AckPrinter : IEventSink
{
    public void OnEvent(in Event e, bool endOfBatch)
    {
        if (e.Type is EventType.OrderAccepted or EventType.OrderRejected)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ack {e.Sequence} {e.AccountId} {e.ClientOrderId}"));
        }
    }
}
