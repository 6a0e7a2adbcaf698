namespace Exchange.Core.Orders;

/// <summary>How long an order may live; the numeric values are wire and journal codes.</summary>
public enum TimeInForce : byte
{
    /// <summary>Good till cancelled: the unfilled remainder rests on the book.</summary>
    Gtc = 1,

    /// <summary>Immediate or cancel: the unfilled remainder expires at once.</summary>
    Ioc = 2,

    /// <summary>Fill or kill: fills completely at once or is rejected without any effect.</summary>
    Fok = 3,
}
