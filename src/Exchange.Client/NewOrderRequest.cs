using Exchange.Protocol.Orders;

namespace Exchange.Client;

/// <summary>
/// A new order as an application states it: typed side, type, time in force and self-trade
/// prevention, integer prices and quantities in the instrument's units (ticks and lots are the
/// exchange's rules, checked by it). The factories cover the usual shapes; <c>with</c> sets the rest.
/// </summary>
public readonly record struct NewOrderRequest
{
    public NewOrderRequest()
    {
    }

    /// <summary>The application's id for the order: the acknowledgement, fills and cancels carry it back. Unique per account while the order lives.</summary>
    public long ClientOrderId { get; init; }

    public int Instrument { get; init; }

    public Side Side { get; init; } = Side.Buy;

    public OrderType Type { get; init; } = OrderType.Limit;

    /// <summary>Limit price (0 for market and stop-market orders).</summary>
    public long Price { get; init; }

    public long Quantity { get; init; }

    public TimeInForce TimeInForce { get; init; } = TimeInForce.Gtc;

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

    public static NewOrderRequest Limit(long clientOrderId, int instrument, Side side, long price, long quantity, TimeInForce timeInForce = TimeInForce.Gtc) =>
        new() { ClientOrderId = clientOrderId, Instrument = instrument, Side = side, Price = price, Quantity = quantity, TimeInForce = timeInForce };

    public static NewOrderRequest Market(long clientOrderId, int instrument, Side side, long quantity, long protectionPrice = 0) =>
        new() { ClientOrderId = clientOrderId, Instrument = instrument, Side = side, Type = OrderType.Market, Quantity = quantity, ProtectionPrice = protectionPrice, TimeInForce = TimeInForce.Ioc };

    public static NewOrderRequest Stop(long clientOrderId, int instrument, Side side, long stopPrice, long quantity, long protectionPrice = 0) =>
        new() { ClientOrderId = clientOrderId, Instrument = instrument, Side = side, Type = OrderType.Stop, StopPrice = stopPrice, Quantity = quantity, ProtectionPrice = protectionPrice };

    public static NewOrderRequest StopLimit(long clientOrderId, int instrument, Side side, long stopPrice, long price, long quantity) =>
        new() { ClientOrderId = clientOrderId, Instrument = instrument, Side = side, Type = OrderType.StopLimit, StopPrice = stopPrice, Price = price, Quantity = quantity };
}
