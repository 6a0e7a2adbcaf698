namespace Exchange.Core.Orders;

/// <summary>
/// Why a command was refused. One enum for every command so a client has one table to read;
/// the numeric codes are stable (wire and journal) and must never be renumbered.
/// </summary>
public enum RejectReason : ushort
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
}
