namespace Exchange.Protocol.Orders;

/// <summary>Why a live order left the book without trading; stable numeric codes.</summary>
public enum CancelReason : byte
{
    None = 0,

    /// <summary>The owner asked (cancel command).</summary>
    Requested = 1,

    /// <summary>Part of a mass cancel.</summary>
    MassCancel = 2,

    /// <summary>Self-trade prevention removed it.</summary>
    SelfTrade = 3,

    /// <summary>An IOC, FOK or market remainder that could not trade.</summary>
    NotFilledImmediately = 4,

    /// <summary>A market buy ran out of available quote balance.</summary>
    InsufficientBalance = 5,

    /// <summary>A market order reached the price band or its protection price.</summary>
    PriceProtection = 6,

    /// <summary>A GTD or day order reached its expire time.</summary>
    Expired = 7,

    /// <summary>A quote-amount buy spent its amount (what could not buy another lot is released).</summary>
    QuoteAmountSpent = 8,
}
