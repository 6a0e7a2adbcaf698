namespace Exchange.Core.Book;

/// <summary>All orders at one price on one side, in arrival (time-priority) order.</summary>
internal sealed class PriceLevel
{
    public long Price;
    /// <summary>The quantity the public sees at this price: open quantity, but only the current slice of icebergs.</summary>
    public long Displayed;
    public int OrderCount;
    public Order? Head;
    public Order? Tail;

    public void Append(Order order)
    {
        order.Level = this;
        order.LevelNext = null;
        order.LevelPrev = Tail;
        if (Tail is null)
        {
            Head = order;
        }
        else
        {
            Tail.LevelNext = order;
        }

        Tail = order;
        OrderCount++;
        Displayed += order.Shown;
    }

    public void Remove(Order order)
    {
        if (order.LevelPrev is null)
        {
            Head = order.LevelNext;
        }
        else
        {
            order.LevelPrev.LevelNext = order.LevelNext;
        }

        if (order.LevelNext is null)
        {
            Tail = order.LevelPrev;
        }
        else
        {
            order.LevelNext.LevelPrev = order.LevelPrev;
        }

        order.Level = null;
        order.LevelPrev = order.LevelNext = null;
        OrderCount--;
        Displayed -= order.Shown;
    }
}
