namespace Exchange.Protocol.Orders;

/// <summary>How an order is priced; the numeric values are the wire codes (docs/protocol.md); the engine keeps its own copy, checked equal by a test.</summary>
public enum OrderType : byte
{
    /// <summary>Trades at its limit price or better; may rest (GTC).</summary>
    Limit = 1,

    /// <summary>Trades at any price inside the price band and the optional protection price; never rests.</summary>
    Market = 2,

    /// <summary>Off the book until the last trade reaches its stop price; then enters as a market order.</summary>
    Stop = 3,

    /// <summary>Off the book until the last trade reaches its stop price; then enters as a limit order.</summary>
    StopLimit = 4,
}
