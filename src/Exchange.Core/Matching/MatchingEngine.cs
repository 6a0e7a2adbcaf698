using Exchange.Core.Accounts;
using Exchange.Core.Book;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;

namespace Exchange.Core.Matching;

/// <summary>
/// The deterministic state machine of the exchange: instruments, books and accounts, changed
/// only by <see cref="Process"/>, one command at a time, on one thread.
/// </summary>
/// <remarks>
/// Determinism: nothing here reads a clock, a random source, the environment or any I/O; the
/// only time is the command's timestamp. Every command is validated completely before any state
/// changes, so a reject leaves no trace but its event. Events are written into the caller's
/// <see cref="EventBuffer"/>; steady-state processing allocates nothing (pooled orders and levels,
/// pre-sized maps). Not thread-safe by design: one writer owns all of this state.
/// </remarks>
public sealed partial class MatchingEngine
{
    /// <summary>Asset ids run from 1 to this; keeps per-account balance arrays small.</summary>
    public const int MaxAssetId = 1023;

    private readonly MatchingEngineOptions _options;
    private readonly Dictionary<int, Instrument> _instruments;
    private readonly Dictionary<long, Account> _accounts;
    private readonly Dictionary<long, Order> _orders;
    private readonly Dictionary<ClientOrderKey, Order> _clientOrders;
    private readonly OrderPool _pool;
    private readonly ExpiryQueue _expiries;
    private readonly long[] _feesCollected = new long[MaxAssetId + 1];
    private readonly long[] _supply = new long[MaxAssetId + 1];
    private long _nextOrderId = 1;
    private long _nextTradeId = 1;
    private long _lastSequence;
    private long _lastTimestamp;
    private long _nextStopPriority = 1;
    private long _nextExpiry = long.MaxValue;

    private EventBuffer _out = null!;
    private Command _current;

    public MatchingEngine(MatchingEngineOptions? options = null)
    {
        _options = options ?? new MatchingEngineOptions();
        _instruments = new Dictionary<int, Instrument>(_options.ExpectedInstruments);
        _accounts = new Dictionary<long, Account>(_options.ExpectedAccounts);
        _orders = new Dictionary<long, Order>(_options.ExpectedOrders);
        _clientOrders = new Dictionary<ClientOrderKey, Order>(_options.ExpectedOrders);
        _pool = new OrderPool(_options.ExpectedOrders);
        _expiries = new ExpiryQueue(_options.ExpectedOrders);
    }

    /// <summary>
    /// The earliest expire time of any live GTD or day order (<see cref="long.MaxValue"/> when none).
    /// Safe to read from another thread: the sequencer reads it to decide when to inject a time tick.
    /// </summary>
    public long NextExpiry => Volatile.Read(ref _nextExpiry);

    /// <summary>Sequence number of the last command processed (0 before any).</summary>
    public long LastSequence => _lastSequence;

    /// <summary>Timestamp of the last command processed.</summary>
    public long LastTimestamp => _lastTimestamp;

    /// <summary>Applies one command and appends its events to <paramref name="events"/> (which is not cleared).</summary>
    public void Process(in Command command, EventBuffer events)
    {
        _out = events;
        _current = command;
        _lastSequence = command.Sequence;
        _lastTimestamp = command.Timestamp;
        if (command.Timestamp >= _expiries.NextTime)
        {
            ExpireDue();
        }

        switch (command.Type)
        {
            case CommandType.TimeTick:
            case CommandType.LeaderEpoch:
                break;
            case CommandType.PlaceOrder:
                Place();
                break;
            case CommandType.CancelOrder:
                Cancel();
                break;
            case CommandType.ReplaceOrder:
                Replace();
                break;
            case CommandType.MassCancel:
                MassCancel();
                break;
            case CommandType.AddInstrument:
                AddInstrument();
                break;
            case CommandType.HaltInstrument:
                SetHalted(halted: true);
                break;
            case CommandType.ResumeInstrument:
                SetHalted(halted: false);
                break;
            case CommandType.AddAccount:
                AddAccount();
                break;
            case CommandType.Deposit:
                Deposit();
                break;
            case CommandType.Withdraw:
                Withdraw();
                break;
            default:
                AdminReject(RejectReason.UnknownCommand);
                break;
        }

        if (_expiries.NextTime != _nextExpiry)
        {
            Volatile.Write(ref _nextExpiry, _expiries.NextTime);
        }
    }

    private ref Event Emit(EventType type)
    {
        ref var e = ref _out.Add();
        e.Type = type;
        e.CommandType = _current.Type;
        e.Sequence = _current.Sequence;
        e.Timestamp = _current.Timestamp;
        return ref e;
    }

    private ref Event EmitForOrder(EventType type, Order order)
    {
        ref var e = ref Emit(type);
        e.AccountId = order.AccountId;
        e.InstrumentId = order.InstrumentId;
        e.OrderId = order.Id;
        e.ClientOrderId = order.ClientOrderId;
        e.Side = order.Side;
        e.Price = order.Price;
        e.Quantity = order.Quantity;
        e.Leaves = order.Leaves;
        e.OrderType = order.OrderType;
        e.StopPrice = order.StopPrice;
        e.DisplayQuantity = order.DisplayQuantity;
        e.TimeInForce = order.TimeInForce;
        e.ExpireTime = order.ExpireTime;
        if (type != EventType.TradeExecuted)
        {
            SetHoldBalance(ref e, order); // a fill's balances follow it as BalanceChanged events, both sides', both assets
        }

        return ref e;
    }

    /// <summary>The account's balance of the order's hold asset, as it stands now, on an order event.</summary>
    private static void SetHoldBalance(ref Event e, Order order)
    {
        var asset = order.HoldAssetId;
        var account = order.Account!;
        e.AssetId = asset;
        e.Available = account.Available(asset);
        e.Held = account.Held(asset);
    }

    /// <summary>Rejects an order-entry command, echoing what identifies it to the client.</summary>
    private void OrderReject(RejectReason reason)
    {
        ref var e = ref Emit(EventType.OrderRejected);
        e.Reason = reason;
        e.AccountId = _current.AccountId;
        e.InstrumentId = _current.InstrumentId;
        e.OrderId = _current.OrderId;
        e.ClientOrderId = _current.ClientOrderId;
        e.Side = _current.Side;
        e.Price = _current.Price;
        e.Quantity = _current.Quantity;
    }

    private void AdminReject(RejectReason reason)
    {
        ref var e = ref EmitAdmin(EventType.AdminRejected);
        e.Reason = reason;
        e.AccountId = _current.AccountId;
        e.InstrumentId = _current.InstrumentId;
        e.AssetId = _current.AssetId;
        e.Quantity = _current.Quantity;
    }

    private static int HoldAsset(Order order, Instrument instrument) =>
        order.Side == Side.Buy ? instrument.Spec.QuoteAsset : instrument.Spec.BaseAsset;

    /// <summary>Forgets an order that is no longer live, returning whatever it still holds to available.</summary>
    private void Retire(Order order, Instrument instrument)
    {
        var account = order.Account!;
        if (order.Held != 0)
        {
            var asset = HoldAsset(order, instrument);
            account.Held(asset) -= order.Held;
            account.Available(asset) += order.Held;
            order.Held = 0;
        }

        if (order.ExpiryIndex >= 0)
        {
            _expiries.Remove(order);
        }

        if (order.IsArmedStop)
        {
            instrument.StopsOf(order.Side).Remove(order);
        }

        account.RemoveOrder(order);
        _orders.Remove(order.Id);
        _clientOrders.Remove(new ClientOrderKey(order.AccountId, order.ClientOrderId));
        _pool.Return(order);
    }

    /// <summary>Cancels a live order (resting or not), emitting <see cref="EventType.OrderCanceled"/>.</summary>
    private void CancelOrder(Order order, Instrument instrument, CancelReason reason, EventType type = EventType.OrderCanceled)
    {
        ref var e = ref EmitForOrder(type, order);
        e.Quantity = order.Leaves;
        e.Leaves = 0;
        e.CancelReason = reason;
        if (order.Level is not null)
        {
            instrument.Book.Unlink(order);
        }

        order.Leaves = 0;
        var account = order.Account!;
        var asset = HoldAsset(order, instrument);
        Retire(order, instrument);
        e.Available = account.Available(asset); // what the order held is free again
        e.Held = account.Held(asset);
    }

    /// <summary>Lowers an order's open quantity (self-trade decrement), releasing the hold it no longer needs.</summary>
    private void Reduce(Order order, Instrument instrument, long by)
    {
        SetLeavesInPlace(order, order.Leaves - by);
        order.Quantity -= by;

        ReleaseExcessHold(order, instrument);
        ref var e = ref EmitForOrder(EventType.OrderReduced, order);
        e.Quantity = by;
        e.CancelReason = CancelReason.SelfTrade;
    }

    /// <summary>
    /// Lowers a live order's open quantity where it stands (time priority kept), cutting an
    /// iceberg's shown slice to it and keeping its level's displayed total right.
    /// </summary>
    private static void SetLeavesInPlace(Order order, long leaves)
    {
        var shownBefore = order.Shown;
        order.Leaves = leaves;
        order.Visible = Math.Min(order.Visible, leaves);
        if (order.Level is not null)
        {
            order.Level.Displayed += order.Shown - shownBefore;
        }
    }

    /// <summary>After an order's open quantity fell, returns the part of its hold that is no longer required.</summary>
    private static void ReleaseExcessHold(Order order, Instrument instrument)
    {
        long required;
        if (order.Side == Side.Sell)
        {
            required = order.Leaves;
        }
        else if (order.Budgeted)
        {
            return; // A budget is released when its order finishes.
        }
        else
        {
            required = Fees.BuyHold(order.Price, order.Leaves, instrument.HoldFeeBps);
        }

        var release = order.Held - required;
        if (release != 0)
        {
            var asset = HoldAsset(order, instrument);
            order.Account!.Held(asset) -= release;
            order.Account.Available(asset) += release;
            order.Held = required;
        }
    }
}
