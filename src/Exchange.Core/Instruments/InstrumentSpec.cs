namespace Exchange.Core.Instruments;

/// <summary>
/// The static definition of a tradable pair, carried by the <c>AddInstrument</c> admin command.
/// Immutable so that a journaled command can never change after it was written.
/// </summary>
/// <remarks>
/// Units: quantities are integers in the base asset's smallest unit; prices are integers in the
/// quote asset's smallest unit per one base unit; notional = price × quantity in quote units.
/// A band of 0 (ticks or basis points) switches that band off.
/// </remarks>
public sealed record InstrumentSpec(
    int Id,
    string Symbol,
    int BaseAsset,
    int QuoteAsset,
    long TickSize,
    long LotSize,
    long MinQuantity,
    long MaxQuantity,
    long StartPrice,
    long PriceBandTicks,
    long PriceBandBps,
    long MakerFeeBps,
    long TakerFeeBps);
