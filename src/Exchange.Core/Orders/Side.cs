namespace Exchange.Core.Orders;

/// <summary>Which side of the book an order rests on; the numeric values are wire and journal codes.</summary>
public enum Side : byte
{
    Buy = 1,
    Sell = 2,
}
