namespace Exchange.Journal.Format;

/// <summary>The journal's chain value after the batch that ends at <see cref="Sequence"/> (0 and zero before any batch).</summary>
public readonly record struct ChainPoint(long Sequence, ChainValue Value);
