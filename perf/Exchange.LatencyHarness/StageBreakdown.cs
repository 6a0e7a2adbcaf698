using System.Globalization;
using Exchange.Engine;
using HdrHistogram;

namespace Exchange.LatencyHarness;

/// <summary>
/// "Where does the time go": each measured order's send → acknowledgement split at the stamps the
/// pipeline took (<see cref="StageTrace"/>) and the client's own: planned send → gateway read → input
/// ring → journal committed → business logic done → reply queued → acknowledgement read by the client.
/// The stages of one order add up to its latency, so the means add up to the mean; percentiles of
/// stages do not add up (each is its own distribution).
/// </summary>
internal sealed class StageBreakdown
{
    public static readonly (string Name, string What)[] Stages =
    [
        ("client → gateway", "planned send → gateway's read returned: the client's send, loopback, the session's wake-up"),
        ("gateway", "read → queued in the input ring: decode, checks, throttle, ring claim"),
        ("journal", "queued → its batch committed: waiting for the journaller, write (sync: and fsync)"),
        ("business logic", "committed → applied: waiting for the business-logic thread, matching"),
        ("publish", "applied → reply queued: output ring, publisher, reply router"),
        ("send → client", "reply queued → client read the acknowledgement: send loop, loopback, client's receive"),
    ];

    private StageBreakdown(LongHistogram[] stages, LongHistogram total, long orders)
    {
        Histograms = stages;
        Total = total;
        Orders = orders;
    }

    /// <summary>One distribution per entry of <see cref="Stages"/>, in nanoseconds.</summary>
    public IReadOnlyList<LongHistogram> Histograms { get; }

    public LongHistogram Total { get; }

    /// <summary>Orders measured (acknowledged after the warm-up and found in the trace).</summary>
    public long Orders { get; }

    /// <param name="trace">The engine's stamps.</param>
    /// <param name="planned">Planned send time by client order id.</param>
    /// <param name="answered">When the client read the order's first answer, by client order id (0: none).</param>
    /// <param name="firstMeasured">The first client order id after the warm-up.</param>
    public static StageBreakdown From(StageTrace trace, long[] planned, long[] answered, long firstMeasured)
    {
        var slots = new Dictionary<long, int>(trace.Capacity);
        for (var i = 0; i < trace.Capacity; i++)
        {
            if (trace.Sequence[i] != 0 && trace.Read[i] != 0)
            {
                slots[trace.ClientOrderId[i]] = i;
            }
        }

        var stages = new LongHistogram[Stages.Length];
        for (var s = 0; s < stages.Length; s++)
        {
            stages[s] = LatencyRun.NewHistogram();
        }

        var total = LatencyRun.NewHistogram();
        long orders = 0;
        Span<long> marks = stackalloc long[Stages.Length + 1];
        for (var id = firstMeasured; id < planned.Length; id++)
        {
            if (answered[id] == 0 || !slots.TryGetValue(id, out var i) || trace.PublishedAt(i) == 0 || trace.Committed[i] == 0)
            {
                continue;
            }

            marks[0] = planned[id];
            marks[1] = trace.Read[i];
            marks[2] = trace.Queued[i];
            marks[3] = trace.Committed[i];
            marks[4] = trace.Processed[i];
            marks[5] = trace.PublishedAt(i);
            marks[6] = answered[id];
            for (var s = 0; s < stages.Length; s++)
            {
                stages[s].RecordValue(OpenLoopClock.ToNanoseconds(Math.Max(0, marks[s + 1] - marks[s])));
            }

            total.RecordValue(OpenLoopClock.ToNanoseconds(Math.Max(0, marks[6] - marks[0])));
            orders++;
        }

        return new StageBreakdown(stages, total, orders);
    }

    public void Print(TextWriter output, string run)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run}: where the time goes ({Orders:N0} orders, send → acknowledgement split at the pipeline's stamps)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"stage",-18} {"mean µs",9} {"share",6} {"p50 µs",9} {"p90 µs",9} {"p99 µs",9}  what"));
        var totalMean = Total.GetMean();
        for (var s = 0; s < Stages.Length; s++)
        {
            var h = Histograms[s];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Stages[s].Name,-18} {h.GetMean() / 1_000,9:F1} {h.GetMean() / totalMean,6:P0} {Report.Micros(h, 50),9:F1} {Report.Micros(h, 90),9:F1} {Report.Micros(h, 99),9:F1}  {Stages[s].What}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {"total",-18} {totalMean / 1_000,9:F1} {1,6:P0} {Report.Micros(Total, 50),9:F1} {Report.Micros(Total, 90),9:F1} {Report.Micros(Total, 99),9:F1}"));
    }

    /// <summary>For summary.json: per stage, its mean and percentiles in microseconds.</summary>
    public object ToJson() => new
    {
        Orders,
        Stages = Stages.Select((stage, s) => new
        {
            stage.Name,
            MeanMicros = Histograms[s].GetMean() / 1_000,
            P50Micros = Report.Micros(Histograms[s], 50),
            P90Micros = Report.Micros(Histograms[s], 90),
            P99Micros = Report.Micros(Histograms[s], 99),
        }).ToArray(),
        TotalMeanMicros = Total.GetMean() / 1_000,
    };
}
