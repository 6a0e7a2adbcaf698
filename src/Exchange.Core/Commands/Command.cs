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

    /// <summary>Deposit/withdraw: the asset.</summary>
    public int AssetId;

    /// <summary>AddInstrument: the definition.</summary>
    public InstrumentSpec? Instrument;

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

    public static Command Cancel(long account, long orderId) => new()
    {
        Type = CommandType.CancelOrder, AccountId = account, OrderId = orderId,
    };

    public static Command CancelByClientId(long account, long clientOrderId) => new()
    {
        Type = CommandType.CancelOrder, AccountId = account, ClientOrderId = clientOrderId,
    };

    public static Command Replace(long account, long orderId, long newPrice, long newQuantity) => new()
    {
        Type = CommandType.ReplaceOrder, AccountId = account, OrderId = orderId, Price = newPrice, Quantity = newQuantity,
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

    public static Command AddAccount(long account) => new() { Type = CommandType.AddAccount, AccountId = account };

    public static Command Deposit(long account, int asset, long amount) => new()
    {
        Type = CommandType.Deposit, AccountId = account, AssetId = asset, Quantity = amount,
    };

    public static Command Withdraw(long account, int asset, long amount) => new()
    {
        Type = CommandType.Withdraw, AccountId = account, AssetId = asset, Quantity = amount,
    };
}
