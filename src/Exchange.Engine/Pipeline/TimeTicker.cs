using Exchange.Core.Commands;
using Exchange.Core.Matching;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// Puts time into the journal when nothing else does. The business logic has no clock: a GTD or
/// day order expires at the first command stamped at or after its expire time. When no client
/// command arrives, this thread submits a <see cref="CommandType.TimeTick"/> once the sequencer's
/// clock has passed the engine's earliest expire time, checking every interval; the tick is
/// stamped and journaled like any command, so the expiry it causes replays exactly. It submits
/// nothing while no order is due, so an idle exchange's journal does not grow.
/// </summary>
internal sealed class TimeTicker : IDisposable
{
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();

    public TimeTicker(MatchingEngine engine, TimeProvider clock, TimeSpan interval, Func<Command, bool> submit)
    {
        _thread = new Thread(() =>
        {
            while (!_stop.Wait(interval))
            {
                // NextExpiry is written by the business logic thread (a volatile long), read here without a lock.
                if (SequencerClock.Now(clock) >= engine.NextExpiry && !submit(Command.TimeTick()))
                {
                    return; // shutting down or failed
                }
            }
        }) { IsBackground = true, Name = "time-ticker" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}
