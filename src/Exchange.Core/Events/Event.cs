using Exchange.Core.Commands;
using Exchange.Core.Orders;

namespace Exchange.Core.Events;

/// <summary>
/// One output fact. A flat value type so the engine writes it into a pre-allocated buffer
/// without allocating; a record struct so tests compare events field by field.
/// </summary>
/// <remarks>
/// Field use by type. Order events: the order's identity, price, <see cref="Quantity"/> (the
/// order's quantity, the canceled/expired/reduced amount) and <see cref="Leaves"/> (open quantity
/// after the event). <see cref="EventType.TradeExecuted"/>: the Order*/Account/ClientOrderId fields
/// are the taker's, the Maker* fields the maker's, Price and Quantity the fill.
/// <see cref="EventType.BalanceChanged"/>: AssetId, Available, Held after the change, Quantity the change to
/// available + held (negative for a withdrawal or what a fill took); deposits, withdrawals and every fill
/// (the taker's and the maker's base and quote, after the <see cref="EventType.TradeExecuted"/>) emit it.
/// Admin outcomes and <see cref="EventType.MassCancelCompleted"/> carry the command's ClientOrderId
/// (the gateway puts the client's message id there) so the reply can name its request.
/// Order events also carry the order's <see cref="OrderType"/>, <see cref="StopPrice"/> and
/// <see cref="DisplayQuantity"/>, so read models can keep stops off the public book and show an
/// iceberg's slice only, and its <see cref="TimeInForce"/> and <see cref="ExpireTime"/>. Apart from
/// <see cref="EventType.TradeExecuted"/> (whose balances follow it as <see cref="EventType.BalanceChanged"/>
/// events) they also carry the account's balance of the order's hold asset (quote for a buy, base for a sell) after the event
/// (<see cref="AssetId"/>, <see cref="Available"/>, <see cref="Held"/>): with the
/// <see cref="EventType.BalanceChanged"/> events of fills, a read model of every balance follows the
/// events alone.
/// </remarks>
public record struct Event
{
    public EventType Type;
    public CommandType CommandType;
    public long Sequence;
    public long Timestamp;
    public long AccountId;
    public int InstrumentId;
    public long OrderId;
    public long ClientOrderId;
    public Side Side;
    public long Price;
    public long Quantity;
    public long Leaves;
    public RejectReason Reason;
    public CancelReason CancelReason;
    public long TradeId;
    public long MakerOrderId;
    public long MakerAccountId;
    public long MakerClientOrderId;
    public long MakerLeaves;
    public long MakerFee;
    public long TakerFee;
    public int AssetId;
    public long Available;
    public long Held;

    /// <summary>Order events: the order's type (after a trigger, the type it entered as).</summary>
    public OrderType OrderType;

    /// <summary>Order events of stop orders: the stop price.</summary>
    public long StopPrice;

    /// <summary>Order events of icebergs: the displayed slice size (0 = not an iceberg).</summary>
    public long DisplayQuantity;

    /// <summary>Order events: the order's time in force (after a stop-market fires, IOC).</summary>
    public TimeInForce TimeInForce;

    /// <summary>Order events of GTD and day orders: when the order expires (ns since the Unix epoch; 0 = never).</summary>
    public long ExpireTime;

    /// <summary><see cref="EventType.AccountAdded"/>: the account's login secret hash, when it was added with one.</summary>
    public Accounts.SecretHash? Secret;
}
