using Exchange.Core.Accounts;
using Exchange.Core.Orders;

namespace Exchange.Core.Book;

/// <summary>
/// A live order. Pooled and reused (see <see cref="OrderPool"/>), so nothing outside the engine
/// may keep a reference to one; queries copy it into an <see cref="Queries.OrderView"/>.
/// Two intrusive doubly linked lists thread through it: the FIFO queue of its price level and the
/// account's open-order list, which make cancel-by-id and mass cancel O(1) per order.
/// </summary>
internal sealed class Order
{
    public long Id;
    public long AccountId;
    public long ClientOrderId;
    public int InstrumentId;
    public Side Side;
    public OrderType OrderType;
    public TimeInForce TimeInForce;
    public SelfTradePrevention SelfTradePrevention;
    public bool PostOnly;
    public long Price;
    public long Quantity;
    public long Leaves;
    public long Filled;

    /// <summary>
    /// What this order holds of its account: base units for a sell; for a buy the quote amount
    /// <see cref="Matching.Fees.BuyHold"/> of (price, leaves), or the whole budget of a market buy.
    /// </summary>
    public long Held;
    public long Timestamp;

    public PriceLevel? Level;
    public Order? LevelPrev;
    public Order? LevelNext;

    public Account? Account;
    public Order? AccountPrev;
    public Order? AccountNext;

    public void Reset()
    {
        Level = null;
        LevelPrev = LevelNext = null;
        Account = null;
        AccountPrev = AccountNext = null;
    }
}
