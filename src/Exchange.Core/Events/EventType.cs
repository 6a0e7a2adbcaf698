namespace Exchange.Core.Events;

/// <summary>Facts the state machine emits, in the past tense. Numeric values are stable codes.</summary>
public enum EventType : byte
{
    None = 0,
    OrderAccepted = 1,
    OrderRejected = 2,
    TradeExecuted = 3,
    OrderCanceled = 4,
    OrderReplaced = 5,
    OrderExpired = 6,

    /// <summary>Self-trade prevention (decrement-and-cancel) reduced a live order's open quantity.</summary>
    OrderReduced = 7,

    /// <summary>A mass cancel finished; <see cref="Event.Quantity"/> holds how many orders it canceled.</summary>
    MassCancelCompleted = 8,

    /// <summary>A stop's trigger fired: it now enters the book as the market or limit order in <see cref="Event.OrderType"/>.</summary>
    OrderTriggered = 9,

    BalanceChanged = 10,
    InstrumentAdded = 20,
    InstrumentHalted = 21,
    InstrumentResumed = 22,
    AccountAdded = 23,

    /// <summary>An admin command was refused (reason in <see cref="Event.Reason"/>).</summary>
    AdminRejected = 24,
}
