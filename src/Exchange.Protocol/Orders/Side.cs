namespace Exchange.Protocol.Orders;

/// <summary>Which side of the book an order rests on; the numeric values are the wire codes (docs/protocol.md); the engine keeps its own copy, checked equal by a test.</summary>
public enum Side : byte
{
    Buy = 1,
    Sell = 2,
}
