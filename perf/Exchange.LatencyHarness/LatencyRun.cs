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
    public string Name { get; } = name;

    public string Description { get; } = description;

    public double Rate { get; } = rate;

    public long Sent { get; set; }

    public long Answered { get; set; }

    public double AchievedRate { get; set; }

    /// <summary>Plan to answer: acknowledgement (tcp, echo) or release of the command's first event (inproc).</summary>
    public LongHistogram Latency { get; } = NewHistogram();

    /// <summary>Plan to the taker's fill, for orders that traded on arrival (tcp only).</summary>
    public LongHistogram? FillLatency { get; set; }

    public static LongHistogram NewHistogram() => new(TimeSpan.FromMinutes(10).Ticks * 100, 3);
}
