using System.Diagnostics;
using Exchange.Core.Commands;
using Exchange.Core.Events;

namespace Exchange.Benchmarks.Workloads;

/// <summary>
/// Prints what a generated workload contains and what it does to the engine (command mix, event
/// counts, book size), plus a plain single-run replay rate. `-- workload-stats` runs it.
/// </summary>
internal static class WorkloadStats
{
    public static void Print(WorkloadProfile profile)
    {
        var generate = Stopwatch.StartNew();
        var workload = Workload.Generate(profile);
        Console.WriteLine($"{profile.Name}: {workload.Commands.Length:N0} commands generated in {generate.Elapsed.TotalSeconds:F1} s");
        var commandCounts = new Dictionary<string, int>();
        foreach (var c in workload.Commands)
        {
            var key = c.Type == CommandType.PlaceOrder
                ? $"Place {c.OrderType} {c.TimeInForce}{(c.DisplayQuantity != 0 ? " iceberg" : string.Empty)}"
                : c.Type.ToString();
            commandCounts[key] = commandCounts.GetValueOrDefault(key) + 1;
        }

        foreach (var (key, count) in commandCounts.OrderByDescending(kv => kv.Value))
        {
            Console.WriteLine($"  {key,-26} {count,10:N0}  {100.0 * count / workload.Commands.Length,5:F1}%");
        }

        var engine = workload.NewEngine();
        Console.WriteLine($"  open orders at start: {engine.OpenOrderCount:N0}");
        var events = new EventBuffer();
        var eventCounts = new Dictionary<EventType, int>();
        var replay = Stopwatch.StartNew();
        foreach (var c in workload.Commands)
        {
            events.Clear();
            engine.Process(c, events);
            foreach (ref readonly var e in events.Events)
            {
                eventCounts[e.Type] = eventCounts.GetValueOrDefault(e.Type) + 1;
                if (e.Type == EventType.OrderRejected && eventCounts[e.Type] < 4)
                {
                    Console.WriteLine($"  e.g. {e}");
                }
            }
        }

        replay.Stop();
        foreach (var (type, count) in eventCounts.OrderByDescending(kv => kv.Value))
        {
            Console.WriteLine($"  {type,-20} {count,10:N0}");
        }

        Console.WriteLine($"  open orders at end: {engine.OpenOrderCount:N0}");
        Console.WriteLine($"  one cold replay (with event counting): {workload.Commands.Length / replay.Elapsed.TotalSeconds / 1e6:F2} M commands/s");
    }
}
