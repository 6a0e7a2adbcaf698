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

    /// <summary>The asset <see cref="Held"/> is in (quote for a buy, base for a sell), set at acceptance: order events report its balance.</summary>
    public int HoldAssetId;
    public long Timestamp;

    /// <summary>Stops: the trigger price (kept after the trigger, for the record).</summary>
    public long StopPrice;

    /// <summary>Stops: the protection price the client gave (0 = none); a triggered stop-market trades no worse.</summary>
    public long ProtectionPrice;

    /// <summary>Stops: arrival order among armed stops (ties at one stop price trigger in this order); renewed by a replace.</summary>
    public long StopPriority;

    /// <summary>Icebergs: the slice size (0 = not an iceberg).</summary>
    public long DisplayQuantity;

    /// <summary>Icebergs on the book: what is shown of <see cref="Leaves"/> now.</summary>
    public long Visible;

    /// <summary>GTD and day orders: when the order expires (0 = never).</summary>
    public long ExpireTime;

    /// <summary>Quote-amount buys: the amount to spend (0 = an order by quantity).</summary>
    public long QuoteAmount;

    /// <summary>
    /// A buy whose hold is a budget that fills draw down (market, quote-amount and triggered
    /// stop-market buys), instead of a hold priced at its limit.
    /// </summary>
    public bool Budgeted;

    /// <summary>Position in the engine's expiry heap (-1 = not in it).</summary>
    public int ExpiryIndex = -1;

    /// <summary>A stop that has not triggered yet: it waits in its instrument's stop queue, not on the book.</summary>
    public bool IsArmedStop => OrderType is OrderType.Stop or OrderType.StopLimit;

    /// <summary>What the public book shows of this order: the whole open quantity, or an iceberg's current slice.</summary>
    public long Shown => DisplayQuantity == 0 ? Leaves : Visible;

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
        ExpiryIndex = -1;
        StopPrice = ProtectionPrice = StopPriority = DisplayQuantity = Visible = ExpireTime = QuoteAmount = 0;
        Budgeted = false;
    }
}
