using Exchange.Core.Book;
using Exchange.Core.Orders;

namespace Exchange.Core.Instruments;

/// <summary>The live state of an instrument: its definition, status, reference price and book.</summary>
internal sealed class Instrument
{
    public Instrument(InstrumentSpec spec, int initialLevels)
    {
        Spec = spec;
        Book = new OrderBook(initialLevels);
        BuyStops = new StopQueue(isBuy: true, initialLevels);
        SellStops = new StopQueue(isBuy: false, initialLevels);
        Status = InstrumentStatus.Trading;
    }

    public InstrumentSpec Spec { get; }

    public OrderBook Book { get; }

    /// <summary>Armed buy stops (fire when the last trade rises to them), next to fire first.</summary>
    public StopQueue BuyStops { get; }

    /// <summary>Armed sell stops (fire when the last trade falls to them), next to fire first.</summary>
    public StopQueue SellStops { get; }

    public StopQueue StopsOf(Side side) => side == Side.Buy ? BuyStops : SellStops;

    public InstrumentStatus Status;

    /// <summary>Price of the last trade; 0 before the first.</summary>
    public long LastTradePrice;

    /// <summary>The price bands are measured from here: the last trade, else the configured start price.</summary>
    public long ReferencePrice => LastTradePrice != 0 ? LastTradePrice : Spec.StartPrice;

    /// <summary>Buys hold enough quote for the larger of the two fees, since a resting buy may trade either way.</summary>
    public long HoldFeeBps => Math.Max(Spec.MakerFeeBps, Spec.TakerFeeBps);
}
