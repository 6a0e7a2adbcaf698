namespace Exchange.Testing;

/// <summary>
/// A clock for engine tests: starts at <see cref="RandomCommands.BaseTime"/> and moves on by
/// <see cref="Step"/> at every read, so the sequencer stamps the n-th command as
/// <see cref="TestExchange"/> does and the generator's GTD expire times fall inside a stream.
/// <see cref="Advance"/> jumps ahead (for time-tick tests). Thread-safe.
/// </summary>
public sealed class SteppingClock(long stepNanoseconds = 1_000) : TimeProvider
{
    private long _now = RandomCommands.BaseTime;

    public long Step { get; } = stepNanoseconds;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _now, by.Ticks * 100);

    public override DateTimeOffset GetUtcNow()
    {
        var nanoseconds = Interlocked.Add(ref _now, Step);
        return new DateTimeOffset(DateTime.UnixEpoch.Ticks + (nanoseconds / 100), TimeSpan.Zero);
    }
}
