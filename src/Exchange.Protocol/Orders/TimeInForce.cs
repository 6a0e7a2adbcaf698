namespace Exchange.Protocol.Orders;

/// <summary>How long an order may live; the numeric values are the wire codes (docs/protocol.md); the engine keeps its own copy, checked equal by a test.</summary>
public enum TimeInForce : byte
{
    /// <summary>Good till cancelled: the unfilled remainder rests on the book.</summary>
    Gtc = 1,

    /// <summary>Immediate or cancel: the unfilled remainder expires at once.</summary>
    Ioc = 2,

    /// <summary>Fill or kill: fills completely at once or is rejected without any effect.</summary>
    Fok = 3,

    /// <summary>Good till date: rests like GTC until the first command stamped at or after its expire time.</summary>
    Gtd = 4,

    /// <summary>Day: a GTD whose expire time is the next UTC midnight after acceptance.</summary>
    Day = 5,
}
