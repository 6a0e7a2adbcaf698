using HdrHistogram;

namespace Exchange.LatencyHarness;

/// <summary>
/// One measured run: what was asked (rate), what happened (sent, answered, the rate actually
/// achieved) and the latency distributions in nanoseconds. Latencies are measured from each
/// message's planned send time, so a stall delays every message behind it in the record too
/// (no coordinated omission).
/// </summary>
internal sealed class LatencyRun(string name, string description, double rate)
{
    /// <summary>Settable so a sweep can name each step by its rate.</summary>
    public string Name { get; set; } = name;

    public string Description { get; } = description;

    public double Rate { get; } = rate;

    public long Sent { get; set; }

    public long Answered { get; set; }

    public double AchievedRate { get; set; }

    /// <summary>Plan to answer: acknowledgement (tcp, echo) or release of the command's first event (inproc).</summary>
    public LongHistogram Latency { get; } = NewHistogram();

    /// <summary>Plan to the taker's fill, for orders that traded on arrival (tcp only).</summary>
    public LongHistogram? FillLatency { get; set; }

    /// <summary>Garbage collections in this process during the run (client and, for tcp/inproc, server): gen0, gen1, gen2 counts and total pause.</summary>
    public (int Gen0, int Gen1, int Gen2, double PauseMillis) Collections { get; private set; }

    private (int, int, int, TimeSpan) _gcAtStart;

    public void StartGcCount() => _gcAtStart = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    public void StopGcCount() => Collections = (GC.CollectionCount(0) - _gcAtStart.Item1, GC.CollectionCount(1) - _gcAtStart.Item2,
        GC.CollectionCount(2) - _gcAtStart.Item3, (GC.GetTotalPauseDuration() - _gcAtStart.Item4).TotalMilliseconds);

    /// <summary>tcp: each order's planned send time and when the client read its first answer (0: none), by client order id.</summary>
    public (long[] Planned, long[] Answered, long FirstMeasured)? OrderTimes { get; set; }

    /// <summary>Bytes allocated in this whole process (client, server, harness) from the first measured message (after the warm-up) until every answer came; null when not measured.</summary>
    public long? AllocatedBytes { get; set; }

    /// <summary>Messages sent after the warm-up (what <see cref="AllocatedBytes"/> is divided by).</summary>
    public long MeasuredMessages { get; set; }

    /// <summary>Where the time went, when the exchange ran in this process with its stages traced.</summary>
    public StageBreakdown? Stages { get; set; }

    public static LongHistogram NewHistogram() => new(TimeSpan.FromMinutes(10).Ticks * 100, 3);
}
