using BenchmarkDotNet.Attributes;
using Exchange.Benchmarks.Workloads;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Core.Orders;
using Exchange.Core.Queries;

namespace Exchange.Benchmarks.Matching;

/// <summary>
/// Single order-book operations against a book holding ~1,000 orders over ~750 levels. Each
/// benchmark is a pair of commands that leaves the book as it found it, so every invocation
/// measures the same situation; results are per command.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Matching")]
public class OrderBookOperationBenchmarks
{
    private MatchingEngine _engine = null!;
    private readonly EventBuffer _events = new(1_024);
    private readonly NaiveOrderBook _naive = new();
    private Command _placeResting, _cancelResting, _placeBuyAtMid, _sellIntoIt, _moveAway, _moveBack;
    private long _naiveId = 1_000_000;

    [GlobalSetup]
    public void Setup()
    {
        var workload = Workload.Generate(WorkloadProfile.OneInstrument(commands: 1));
        _engine = workload.NewEngine();
        for (var i = 0; i < 1_000; i++)
        {
            _naive.Add(i, 99_000 + (i % 750));
        }

        // Accounts 1..1000 exist and are funded; client ids above 10^9 are unused by the workload.
        _placeResting = Command.PlaceLimit(7, 1, 1_000_000_001, Side.Buy, 99_700, 10);
        _cancelResting = Command.CancelByClientId(7, 1_000_000_001);
        _placeBuyAtMid = Command.PlaceLimit(8, 1, 1_000_000_002, Side.Buy, 100_000, 3);
        _sellIntoIt = Command.PlaceLimit(9, 1, 1_000_000_003, Side.Sell, 100_000, 3);

        var bid = FirstRestingBuy();
        _moveAway = Command.Replace(bid.AccountId, bid.OrderId, bid.Price - 17, bid.Leaves);
        _moveBack = Command.Replace(bid.AccountId, bid.OrderId, bid.Price, bid.Leaves);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 2, Description = "naive SortedDictionary book: add + cancel")]
    public void NaiveBookAddCancel()
    {
        var id = _naiveId++;
        _naive.Add(id, 99_700);
        _naive.Cancel(id);
    }

    [Benchmark(OperationsPerInvoke = 2, Description = "place resting + cancel")]
    public void PlaceRestingThenCancel()
    {
        Process(in _placeResting);
        Process(in _cancelResting);
    }

    [Benchmark(OperationsPerInvoke = 2, Description = "place resting + place crossing (full fill)")]
    public void PlaceThenCross()
    {
        Process(in _placeBuyAtMid);
        Process(in _sellIntoIt);
    }

    [Benchmark(OperationsPerInvoke = 2, Description = "replace to a new price and back")]
    public void ReplaceAndBack()
    {
        Process(in _moveAway);
        Process(in _moveBack);
    }

    private OrderView FirstRestingBuy()
    {
        for (long account = 1; ; account++)
        {
            foreach (var order in _engine.GetOpenOrders(account))
            {
                if (order.Side == Side.Buy)
                {
                    return order;
                }
            }
        }
    }

    private void Process(in Command command)
    {
        _events.Clear();
        _engine.Process(command, _events);
    }
}
