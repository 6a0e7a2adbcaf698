using Exchange.Protocol.Orders;

namespace Exchange.Client;

/// <summary>
/// A new order as an application states it: typed side, type, time in force and self-trade
/// prevention, integer prices and quantities in the instrument's units (ticks and lots are the
/// exchange's rules, checked by it). The factories cover the usual shapes; <c>with</c> sets the rest.
/// </summary>
public readonly record struct NewOrderRequest
{
    /// <summary>A buy limit order, good till cancelled, with every other field zero; set the rest with initializers.</summary>
    public NewOrderRequest()
    {
    }

    /// <summary>The application's id for the order: the acknowledgement, fills and cancels carry it back. Unique per account while the order lives.</summary>
    public long ClientOrderId { get; init; }

    /// <summary>The instrument id (QueryInstrumentsAsync lists them).</summary>
    public int Instrument { get; init; }

    /// <summary>Buy or sell.</summary>
    public Side Side { get; init; } = Side.Buy;

    /// <summary>Limit, market, stop or stop-limit.</summary>
    public OrderType Type { get; init; } = OrderType.Limit;

    /// <summary>Limit price (0 for market and stop-market orders).</summary>
    public long Price { get; init; }

    /// <summary>Quantity in the instrument's base units, a multiple of its lot size.</summary>
    public long Quantity { get; init; }

    /// <summary>How long the order may live (GTC, IOC, FOK, GTD, day).</summary>
    public TimeInForce TimeInForce { get; init; } = TimeInForce.Gtc;

    /// <summary>What happens when it would trade with its own account's resting order (default: the resting one is cancelled).</summary>
    public SelfTradePrevention SelfTradePrevention { get; init; }

    /// <summary>Refuse the order rather than let it take liquidity.</summary>
    public bool PostOnly { get; init; }

    /// <summary>Market orders: the worst price it may trade at (0: the price band only).</summary>
    public long ProtectionPrice { get; init; }

    /// <summary>Stop and stop-limit orders: the last-trade price that fires it.</summary>
    public long StopPrice { get; init; }

    /// <summary>Iceberg: the quantity shown at a time (0: all of it).</summary>
    public long DisplayQuantity { get; init; }

    /// <summary>Good-till-date: nanoseconds since the Unix epoch.</summary>
    public long ExpireTime { get; init; }

    /// <summary>Buy for this much of the quote asset, fees included (market, or IOC limit with a price).</summary>
    public long QuoteAmount { get; init; }

    /// <summary>Whether it needs protocol version 2 fields (stop, iceberg, expiry, quote amount).</summary>
    public bool NeedsVersion2 => Type is OrderType.Stop or OrderType.StopLimit || StopPrice != 0 || DisplayQuantity != 0 || ExpireTime != 0 || QuoteAmount != 0
        || TimeInForce is TimeInForce.Gtd or TimeInForce.Day;

    /// <summary>A limit order: trades at <paramref name="price"/> or better; the rest rests unless the time in force says otherwise.</summary>
    public static NewOrderRequest Limit(long clientOrderId, int instrument, Side side, long price, long quantity, TimeInForce timeInForce = TimeInForce.Gtc) =>
        new() { ClientOrderId = clientOrderId, Instrument = instrument, Side = side, Price = price, Quantity = quantity, TimeInForce = timeInForce };

    /// <summary>A market order (immediate or cancel), optionally no worse than <paramref name="protectionPrice"/>.</summary>
    public static NewOrderRequest Market(long clientOrderId, int instrument, Side side, long quantity, long protectionPrice = 0) =>
        new() { ClientOrderId = clientOrderId, Instrument = instrument, Side = side, Type = OrderType.Market, Quantity = quantity, ProtectionPrice = protectionPrice, TimeInForce = TimeInForce.Ioc };

    /// <summary>A stop-market order: a market order once the last trade reaches <paramref name="stopPrice"/>.</summary>
    public static NewOrderRequest Stop(long clientOrderId, int instrument, Side side, long stopPrice, long quantity, long protectionPrice = 0) =>
        new() { ClientOrderId = clientOrderId, Instrument = instrument, Side = side, Type = OrderType.Stop, StopPrice = stopPrice, Quantity = quantity, ProtectionPrice = protectionPrice };

    /// <summary>A stop-limit order: a limit order at <paramref name="price"/> once the last trade reaches <paramref name="stopPrice"/>.</summary>
    public static NewOrderRequest StopLimit(long clientOrderId, int instrument, Side side, long stopPrice, long price, long quantity) =>
        new() { ClientOrderId = clientOrderId, Instrument = instrument, Side = side, Type = OrderType.StopLimit, StopPrice = stopPrice, Price = price, Quantity = quantity };

    /// <summary>
    /// A buy for an amount of the quote asset, fees included (buy 1,000 USD of BTC): immediate-or-cancel, at
    /// market or, with <paramref name="limitPrice"/>, no higher than it; <paramref name="maxQuantity"/> 0 buys as
    /// much as the amount pays for.
    /// </summary>
    public static NewOrderRequest QuoteAmountBuy(long clientOrderId, int instrument, long quoteAmount, long limitPrice = 0, long maxQuantity = 0) =>
        new()
        {
            ClientOrderId = clientOrderId, Instrument = instrument, Side = Side.Buy, Type = limitPrice > 0 ? OrderType.Limit : OrderType.Market, TimeInForce = TimeInForce.Ioc,
            Price = limitPrice, Quantity = maxQuantity, QuoteAmount = quoteAmount,
        };
}
