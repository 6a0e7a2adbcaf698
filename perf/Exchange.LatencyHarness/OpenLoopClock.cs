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

    public static long ToNanoseconds(long ticks) => (long)(ticks * (1e9 / Stopwatch.Frequency));
}
