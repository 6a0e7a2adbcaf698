using Exchange.Core.Accounts;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;

namespace Exchange.Core.Commands;

/// <summary>
/// One input to the state machine: a flat struct so ring slots and journal records hold it
/// without allocation. Which fields matter depends on <see cref="Type"/>; the factory methods
/// below name them. Sequence and timestamp are stamped by the sequencer, never by the client.
/// </summary>
public struct Command
{
    public CommandType Type;
    public long Sequence;
    public long Timestamp;
    public long AccountId;
    public int InstrumentId;

    /// <summary>Place: the new order's client id. Cancel/replace: the target when <see cref="OrderId"/> is 0.</summary>
    public long ClientOrderId;

    /// <summary>Cancel/replace: the exchange order id of the target (0 = look up by client order id).</summary>
    public long OrderId;

    public Side Side;
    public OrderType OrderType;
    public TimeInForce TimeInForce;
    public SelfTradePrevention SelfTradePrevention;
    public bool PostOnly;

    /// <summary>Limit price (place), new price (replace).</summary>
    public long Price;

    /// <summary>Order quantity (place), new open quantity (replace), amount (deposit/withdraw).</summary>
    public long Quantity;

    /// <summary>Market orders: worst price accepted (0 = none beyond the price band).</summary>
    public long ProtectionPrice;

    /// <summary>Stop and stop-limit orders: the trigger price (place), the new trigger price (replace of a stop).</summary>
    public long StopPrice;

    /// <summary>Iceberg orders: the size of each displayed slice (0 = show the whole order).</summary>
    public long DisplayQuantity;

    /// <summary>GTD orders: the time (ns since the Unix epoch, engine clock) at which the order expires.</summary>
    public long ExpireTime;

    /// <summary>Quote-amount buys: the most quote (fees included) to spend; <see cref="Quantity"/> may then be 0 (no cap).</summary>
    public long QuoteAmount;

    /// <summary>Deposit/withdraw: the asset.</summary>
    public int AssetId;

    /// <summary>AddInstrument: the definition.</summary>
    public InstrumentSpec? Instrument;

    /// <summary>AddAccount: how the account's login secret is checked (a salted hash, never the secret); null = no login.</summary>
    public SecretHash? Secret;

    public static Command PlaceLimit(long account, int instrument, long clientOrderId, Side side, long price, long quantity,
        TimeInForce tif = TimeInForce.Gtc, SelfTradePrevention stp = SelfTradePrevention.CancelResting, bool postOnly = false) => new()
    {
        Type = CommandType.PlaceOrder, AccountId = account, InstrumentId = instrument, ClientOrderId = clientOrderId,
        Side = side, OrderType = OrderType.Limit, TimeInForce = tif, SelfTradePrevention = stp, PostOnly = postOnly,
        Price = price, Quantity = quantity,
    };

    public static Command PlaceMarket(long account, int instrument, long clientOrderId, Side side, long quantity,
        long protectionPrice = 0, SelfTradePrevention stp = SelfTradePrevention.CancelResting) => new()
    {
        Type = CommandType.PlaceOrder, AccountId = account, InstrumentId = instrument, ClientOrderId = clientOrderId,
        Side = side, OrderType = OrderType.Market, TimeInForce = TimeInForce.Ioc, SelfTradePrevention = stp,
        Quantity = quantity, ProtectionPrice = protectionPrice,
    };

    /// <summary>A stop-market order: a market order once the last trade reaches <paramref name="stopPrice"/>.</summary>
    public static Command PlaceStop(long account, int instrument, long clientOrderId, Side side, long stopPrice, long quantity,
        long protectionPrice = 0, TimeInForce tif = TimeInForce.Gtc, SelfTradePrevention stp = SelfTradePrevention.CancelResting) => new()
    {
        Type = CommandType.PlaceOrder, AccountId = account, InstrumentId = instrument, ClientOrderId = clientOrderId,
        Side = side, OrderType = OrderType.Stop, TimeInForce = tif, SelfTradePrevention = stp,
        StopPrice = stopPrice, Quantity = quantity, ProtectionPrice = protectionPrice,
    };

    /// <summary>A stop-limit order: a limit order at <paramref name="price"/> once the last trade reaches <paramref name="stopPrice"/>.</summary>
    public static Command PlaceStopLimit(long account, int instrument, long clientOrderId, Side side, long stopPrice, long price, long quantity,
        TimeInForce tif = TimeInForce.Gtc, SelfTradePrevention stp = SelfTradePrevention.CancelResting, long displayQuantity = 0) => new()
    {
        Type = CommandType.PlaceOrder, AccountId = account, InstrumentId = instrument, ClientOrderId = clientOrderId,
        Side = side, OrderType = OrderType.StopLimit, TimeInForce = tif, SelfTradePrevention = stp,
        StopPrice = stopPrice, Price = price, Quantity = quantity, DisplayQuantity = displayQuantity,
    };

    /// <summary>An iceberg: a limit order that shows <paramref name="displayQuantity"/> at a time.</summary>
    public static Command PlaceIceberg(long account, int instrument, long clientOrderId, Side side, long price, long quantity, long displayQuantity,
        TimeInForce tif = TimeInForce.Gtc, SelfTradePrevention stp = SelfTradePrevention.CancelResting, bool postOnly = false)
    {
        var c = PlaceLimit(account, instrument, clientOrderId, side, price, quantity, tif, stp, postOnly);
        c.DisplayQuantity = displayQuantity;
        return c;
    }

    /// <summary>
    /// A buy of whatever <paramref name="quoteAmount"/> (fees included) buys: a market order, or with
    /// <paramref name="limitPrice"/> &gt; 0 an IOC limit order. <paramref name="maxQuantity"/> 0 means no cap but the instrument's.
    /// </summary>
    public static Command PlaceQuoteAmount(long account, int instrument, long clientOrderId, long quoteAmount, long limitPrice = 0,
        long maxQuantity = 0, SelfTradePrevention stp = SelfTradePrevention.CancelResting) => new()
    {
        Type = CommandType.PlaceOrder, AccountId = account, InstrumentId = instrument, ClientOrderId = clientOrderId,
        Side = Side.Buy, OrderType = limitPrice > 0 ? OrderType.Limit : OrderType.Market, TimeInForce = TimeInForce.Ioc,
        SelfTradePrevention = stp, Price = limitPrice, Quantity = maxQuantity, QuoteAmount = quoteAmount,
    };

    /// <summary>This order as good-till-date: it expires at the first command stamped at or after <paramref name="expireTime"/>.</summary>
    public readonly Command GoodTill(long expireTime)
    {
        var c = this;
        c.TimeInForce = TimeInForce.Gtd;
        c.ExpireTime = expireTime;
        return c;
    }

    /// <summary>Time passing, nothing else: lets orders expire when no other command arrives.</summary>
    public static Command TimeTick() => new() { Type = CommandType.TimeTick };

    /// <summary>Marks where a primary's history starts: <paramref name="epoch"/> (its etcd lease revision) and its node id.</summary>
    public static Command LeaderEpoch(long epoch, long nodeId) => new() { Type = CommandType.LeaderEpoch, OrderId = epoch, ClientOrderId = nodeId };

    public static Command Cancel(long account, long orderId) => new()
    {
        Type = CommandType.CancelOrder, AccountId = account, OrderId = orderId,
    };

    public static Command CancelByClientId(long account, long clientOrderId) => new()
    {
        Type = CommandType.CancelOrder, AccountId = account, ClientOrderId = clientOrderId,
    };

    /// <summary>New price and open quantity; for a stop not yet triggered also a new stop price (price 0 for a stop-market).</summary>
    public static Command Replace(long account, long orderId, long newPrice, long newQuantity, long newStopPrice = 0) => new()
    {
        Type = CommandType.ReplaceOrder, AccountId = account, OrderId = orderId, Price = newPrice, Quantity = newQuantity, StopPrice = newStopPrice,
    };

    /// <summary>Cancel all of an account's live orders, on one instrument or (instrument 0) on all.</summary>
    public static Command MassCancel(long account, int instrument = 0) => new()
    {
        Type = CommandType.MassCancel, AccountId = account, InstrumentId = instrument,
    };

    public static Command AddInstrument(InstrumentSpec spec) => new()
    {
        Type = CommandType.AddInstrument, InstrumentId = spec.Id, Instrument = spec,
    };

    public static Command Halt(int instrument) => new() { Type = CommandType.HaltInstrument, InstrumentId = instrument };

    public static Command Resume(int instrument) => new() { Type = CommandType.ResumeInstrument, InstrumentId = instrument };

    public static Command AddAccount(long account, SecretHash? secret = null) => new() { Type = CommandType.AddAccount, AccountId = account, Secret = secret };

    public static Command Deposit(long account, int asset, long amount) => new()
    {
        Type = CommandType.Deposit, AccountId = account, AssetId = asset, Quantity = amount,
    };

    public static Command Withdraw(long account, int asset, long amount) => new()
    {
        Type = CommandType.Withdraw, AccountId = account, AssetId = asset, Quantity = amount,
    };
}
