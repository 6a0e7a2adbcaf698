namespace Exchange.Engine;

/// <summary>How an idle pipeline thread waits for the next command.</summary>
public enum PipelineWait
{
    /// <summary>Sleeps on a monitor: no CPU while idle, a wake-up (microseconds) per hand-off. The default, and the only sensible one when threads outnumber cores.</summary>
    Blocking,

    /// <summary>Spins briefly, then yields its time slice between checks: lower hand-off latency, a core kept busy while idle.</summary>
    Yielding,

    /// <summary>Spins without yielding: the lowest hand-off latency, one core per waiting thread burnt for good. Only with a core to spare for each stage.</summary>
    Spinning,
}
