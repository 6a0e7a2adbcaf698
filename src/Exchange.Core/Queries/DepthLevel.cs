namespace Exchange.Core.Queries;

/// <summary>One aggregated price level of L2 depth.</summary>
public readonly record struct DepthLevel(long Price, long Quantity, int OrderCount);
