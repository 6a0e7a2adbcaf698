namespace Exchange.Client;

/// <summary>
/// An instrument's reference data as of the moment it was asked for, in the domain's words: what a valid
/// order on it looks like (tick, lot, quantity limits, the band of prices it accepts now) and whether it
/// trades. Applications find one by symbol (<see cref="ExchangeClient.GetInstrumentAsync(string, CancellationToken)"/>)
/// and pass its <see cref="Id"/> to orders; the band moves with trades, so ask again rather than keep it.
/// </summary>
/// <param name="Id">The instrument's id, as orders and market data carry it.</param>
/// <param name="Symbol">Its symbol (BTC-USD).</param>
/// <param name="BaseAsset">The asset quantities are counted in.</param>
/// <param name="QuoteAsset">The asset prices are counted in.</param>
/// <param name="TickSize">Prices are multiples of it.</param>
/// <param name="LotSize">Quantities are multiples of it.</param>
/// <param name="MinQuantity">The smallest order quantity.</param>
/// <param name="MaxQuantity">The largest order quantity.</param>
/// <param name="BandLow">The lowest limit price accepted now.</param>
/// <param name="BandHigh">The highest limit price accepted now.</param>
/// <param name="LastTradePrice">The last trade's price; null before the first trade.</param>
/// <param name="MakerFeeBps">The maker fee in basis points of the notional.</param>
/// <param name="IsTrading">False while the instrument is halted (cancels are still accepted).</param>
public sealed record Instrument(
    int Id,
    string Symbol,
    Asset BaseAsset,
    Asset QuoteAsset,
    long TickSize,
    long LotSize,
    long MinQuantity,
    long MaxQuantity,
    long BandLow,
    long BandHigh,
    long? LastTradePrice,
    long MakerFeeBps,
    bool IsTrading)
{
    /// <summary>Whether a limit order at this price passes the tick and band checks right now.</summary>
    public bool Accepts(long price) => price >= BandLow && price <= BandHigh && price % TickSize == 0;

    /// <summary>The price rounded down to a multiple of the tick.</summary>
    public long RoundDownToTick(long price) => price - (((price % TickSize) + TickSize) % TickSize);

    /// <summary>
    /// A price near where the market is, accepted now: the last trade, or before the first trade the middle of
    /// the band (which is centred on the instrument's start price), on the tick. An instrument with neither a
    /// trade nor a band gives no hint of its price: then this is its lowest accepted price, one tick.
    /// </summary>
    public long ReferencePrice => LastTradePrice is { } last ? last
        : BandHigh == long.MaxValue ? TickSize
        : Math.Clamp(RoundDownToTick(BandLow + ((BandHigh - BandLow) / 2)), BandLow, BandHigh);
}
