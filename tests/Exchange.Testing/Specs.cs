using Exchange.Core.Instruments;

namespace Exchange.Testing;

/// <summary>Instrument definitions and asset ids shared by tests, the demo and benchmarks.</summary>
public static class Specs
{
    public const int Btc = 1;
    public const int Usd = 2;
    public const int Eth = 3;

    public const int BtcUsdId = 1;
    public const int EthUsdId = 2;

    /// <summary>Tick 1, lot 1, quantities 1..1,000,000, no band, no fees: the plain book most rule tests want.</summary>
    public static InstrumentSpec Plain(int id = BtcUsdId, int baseAsset = Btc, int quoteAsset = Usd) =>
        new(id, $"I{id}", baseAsset, quoteAsset, TickSize: 1, LotSize: 1, MinQuantity: 1, MaxQuantity: 1_000_000,
            StartPrice: 100, PriceBandTicks: 0, PriceBandBps: 0, MakerFeeBps: 0, TakerFeeBps: 0);

    public static InstrumentSpec BtcUsd(long makerFeeBps = 0, long takerFeeBps = 0, long bandTicks = 0, long bandBps = 0) =>
        new(BtcUsdId, "BTC-USD", Btc, Usd, TickSize: 10, LotSize: 5, MinQuantity: 5, MaxQuantity: 100_000,
            StartPrice: 10_000, PriceBandTicks: bandTicks, PriceBandBps: bandBps, MakerFeeBps: makerFeeBps, TakerFeeBps: takerFeeBps);
}
