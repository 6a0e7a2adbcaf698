namespace Exchange.Client;

/// <summary>A new instrument to list (<see cref="ExchangeClient.AddInstrumentAsync"/>): the trading rules the engine will hold orders on it to.</summary>
/// <param name="Id">Its id (unused so far).</param>
/// <param name="Symbol">Its symbol, 1 to 32 UTF-8 bytes.</param>
/// <param name="BaseAsset">The asset id of quantities.</param>
/// <param name="QuoteAsset">The asset id of prices.</param>
/// <param name="StartPrice">The reference price until the first trade (a multiple of the tick).</param>
public sealed record InstrumentDefinition(int Id, string Symbol, int BaseAsset, int QuoteAsset, long StartPrice)
{
    /// <summary>Prices are multiples of it.</summary>
    public long TickSize { get; init; } = 1;

    /// <summary>Quantities are multiples of it.</summary>
    public long LotSize { get; init; } = 1;

    /// <summary>The smallest order quantity.</summary>
    public long MinQuantity { get; init; } = 1;

    /// <summary>The largest order quantity.</summary>
    public long MaxQuantity { get; init; } = 1_000_000;

    /// <summary>The price band in ticks around the reference price (0: none).</summary>
    public long PriceBandTicks { get; init; }

    /// <summary>The price band in basis points of the reference price (0: none).</summary>
    public long PriceBandBps { get; init; } = 1_000;

    /// <summary>The maker fee in basis points (0 to 10,000).</summary>
    public long MakerFeeBps { get; init; }

    /// <summary>The taker fee in basis points (0 to 10,000).</summary>
    public long TakerFeeBps { get; init; }
}
