namespace Exchange.Protocol.Orders;

/// <summary>
/// Why a command was refused. One enum for every command so a client has one table to read;
/// the numeric codes are stable (wire and journal) and must never be renumbered.
/// </summary>
public enum OrderRejectReason : ushort
{
    None = 0,
    UnknownInstrument = 1,
    InstrumentHalted = 2,
    BadTick = 3,
    BadLot = 4,
    QuantityOutOfRange = 5,
    OutsidePriceBand = 6,
    InsufficientBalance = 7,
    UnknownOrder = 8,
    NotOwner = 9,
    DuplicateClientOrderId = 10,
    PostOnlyWouldCross = 11,
    FokNotFillable = 12,
    SelfTrade = 13,
    UnknownAccount = 14,
    InvalidPrice = 15,
    InvalidQuantity = 16,
    InvalidSide = 17,
    InvalidOrderType = 18,
    InvalidTimeInForce = 19,
    InvalidSelfTradePrevention = 20,
    NotionalOverflow = 21,
    DuplicateInstrument = 22,
    InvalidInstrumentSpec = 23,
    DuplicateAccount = 24,
    InvalidAccount = 25,
    InvalidAsset = 26,
    InvalidAmount = 27,
    BalanceOverflow = 28,
    InstrumentAlreadyHalted = 29,
    InstrumentNotHalted = 30,
    UnknownCommand = 31,

    /// <summary>A stop price that is missing, not positive or off tick; or a stop price on an order that is not a stop.</summary>
    InvalidStopPrice = 32,

    /// <summary>The last trade already satisfies the stop's trigger: it would fire at once.</summary>
    StopWouldTrigger = 33,

    /// <summary>An iceberg display that is negative, off lot, below the minimum, above the quantity, or on an order that never rests.</summary>
    InvalidDisplayQuantity = 34,

    /// <summary>A GTD expire time not after the command's time, or an expire time on an order that is not GTD.</summary>
    InvalidExpireTime = 35,

    /// <summary>A quote amount that is negative, or on anything but a market or IOC limit buy.</summary>
    InvalidQuoteAmount = 36,

    /// <summary>A stop-market buy on an instrument without a price band must carry a protection price (its hold is priced there).</summary>
    ProtectionPriceRequired = 37,
}
