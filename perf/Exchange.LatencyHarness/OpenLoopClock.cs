using System.Diagnostics;

namespace Exchange.LatencyHarness;

/// <summary>
/// The schedule of an open-loop run: message i is due at start + i / rate, whatever happened to the
/// messages before it. Waits by spinning when the next message is near and by sleeping when it is far,
/// so a sender neither burns a core at low rates nor oversleeps at high ones.
/// </summary>
internal sealed class OpenLoopClock(double rate)
{
    private static readonly long SleepThreshold = Stopwatch.Frequency / 500; // 2 ms
    private readonly double _ticksPerMessage = Stopwatch.Frequency / rate;
    private long _start;

    public void Start() => _start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 100);

    public long DueTime(long index) => _start + (long)(index * _ticksPerMessage);

    /// <summary>Waits until message <paramref name="index"/> is due and returns its planned time.</summary>
    public long WaitFor(long index)
    {
        var due = DueTime(index);
        long now;
        while ((now = Stopwatch.GetTimestamp()) < due)
        {
            if (due - now > SleepThreshold)
            {
                Thread.Sleep(1);
            }
            else if (!Thread.Yield())
            {
                // Nothing else wants this core: a short spin keeps the send time precise.
                Thread.SpinWait(20);
            }
        }

        return due;
    }

    /// <summary>
    /// Sends orders 1..planned.Length-1 of <paramref name="flow"/>, each at its due time (recorded in
    /// <paramref name="planned"/>), through <paramref name="send"/>; returns the process's allocated bytes when the
    /// first measured order (after <paramref name="warmup"/>) was due, where a run's steady state begins.
    /// </summary>
    public long SendAll(OrderFlow flow, long[] planned, int warmup, Action<int, Exchange.Protocol.OrderEntry.NewOrder> send)
    {
        var allocatedAtWarmupEnd = GC.GetTotalAllocatedBytes(precise: true);
        Start();
        for (var i = 1; i < planned.Length; i++)
        {
            var order = flow.Next(i);
            planned[i] = WaitFor(i - 1);
            if (i == warmup + 1)
            {
                allocatedAtWarmupEnd = GC.GetTotalAllocatedBytes(precise: true);
            }

            send(i, order);
        }

        return allocatedAtWarmupEnd;
    }

    public static long ToNanoseconds(long ticks) => (long)(ticks * (1e9 / Stopwatch.Frequency));
}
