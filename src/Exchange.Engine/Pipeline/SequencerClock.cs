namespace Exchange.Engine.Pipeline;

/// <summary>The engine's notion of now: nanoseconds since the Unix epoch on the configured clock (100 ns resolution).</summary>
internal static class SequencerClock
{
    public static long Now(TimeProvider clock) => (clock.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
}
