using Exchange.Core.Orders;

namespace Exchange.Core.Book;

/// <summary>The bids and asks of one instrument. It only stores; the matching rules live in the engine.</summary>
internal sealed class OrderBook
{
    public OrderBook(int initialLevels)
    {
        Bids = new BookSide(Side.Buy, initialLevels);
        Asks = new BookSide(Side.Sell, initialLevels);
    }

    public BookSide Bids { get; }

    public BookSide Asks { get; }

    public BookSide SideOf(Side side) => side == Side.Buy ? Bids : Asks;

    public BookSide Opposite(Side side) => side == Side.Buy ? Asks : Bids;

    public void Rest(Order order) => SideOf(order.Side).GetOrAdd(order.Price).Append(order);

    /// <summary>Takes an order off the book, dropping its level when it empties.</summary>
    public void Unlink(Order order)
    {
        var level = order.Level!;
        level.Remove(order);
        if (level.OrderCount == 0)
        {
            SideOf(order.Side).RemoveLevel(level);
        }
    }
}
