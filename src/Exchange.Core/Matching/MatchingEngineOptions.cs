namespace Exchange.Core.Matching;

/// <summary>
/// Pre-sizing for the engine's pools and maps. These only decide when (if ever) the engine
/// allocates; they never change behaviour, the events or the state hash.
/// </summary>
public sealed record MatchingEngineOptions
{
    public int ExpectedOrders { get; init; } = 4_096;

    public int ExpectedAccounts { get; init; } = 1_024;

    public int ExpectedInstruments { get; init; } = 64;

    public int LevelsPerSide { get; init; } = 64;
}
