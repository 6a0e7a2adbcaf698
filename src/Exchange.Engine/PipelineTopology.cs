namespace Exchange.Engine;

/// <summary>
/// Which threads run the pipeline's stages. The stages (journal → business logic → publish) and their
/// rules are the same in every topology: a command reaches the business logic only after its journal
/// batch is committed (sync: fsynced), and events leave in sequence order. Only the number of thread
/// hand-offs a command crosses differs, which is what its latency is made of when threads outnumber cores.
/// </summary>
public enum PipelineTopology
{
    /// <summary><see cref="Compact"/> on a machine with fewer than <see cref="PipelineTopologies.DedicatedMinimumCores"/> cores, else <see cref="Dedicated"/>.</summary>
    Auto,

    /// <summary>
    /// One pipeline thread takes a batch from the input ring, appends it to the journal, commits it
    /// (sync: waits for its fsync), runs the business logic over it and hands its events to the
    /// subscribers; no output ring. Async mode fsyncs on its own thread. One wake-up per batch instead
    /// of three: the shape for two or four cores.
    /// </summary>
    Compact,

    /// <summary>
    /// The classic LMAX shape: journaller, business logic and publisher each on a thread of their own,
    /// joined by the input and output rings. Stages overlap (the journaller writes batch n+1 while the
    /// business logic runs batch n), which pays only when each busy thread has a core.
    /// </summary>
    Dedicated,
}

/// <summary>Resolves <see cref="PipelineTopology.Auto"/> from the core count.</summary>
public static class PipelineTopologies
{
    /// <summary>
    /// Dedicated needs a core for each of its three stage threads plus one for the gateway's I/O; with fewer,
    /// its threads take turns on the cores and every hand-off is an operating-system wake-up.
    /// </summary>
    public const int DedicatedMinimumCores = 4;

    /// <summary>The topology <paramref name="topology"/> means on a machine with <paramref name="cores"/> cores.</summary>
    public static PipelineTopology Resolve(PipelineTopology topology, int cores) => topology switch
    {
        PipelineTopology.Auto => cores < DedicatedMinimumCores ? PipelineTopology.Compact : PipelineTopology.Dedicated,
        _ => topology,
    };
}
