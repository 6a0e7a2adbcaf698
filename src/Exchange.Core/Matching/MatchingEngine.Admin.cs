using Exchange.Core.Commands;
using Exchange.Core.Accounts;
using Exchange.Core.Events;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;

namespace Exchange.Core.Matching;

public sealed partial class MatchingEngine
{
    private void AddInstrument()
    {
        var spec = _current.Instrument;
        if (spec is null || !IsValid(spec))
        {
            AdminReject(RejectReason.InvalidInstrumentSpec);
            return;
        }

        if (_instruments.ContainsKey(spec.Id))
        {
            AdminReject(RejectReason.DuplicateInstrument);
            return;
        }

        _instruments.Add(spec.Id, new Instrument(spec, _options.LevelsPerSide));
        ref var e = ref EmitAdmin(EventType.InstrumentAdded);
        e.InstrumentId = spec.Id;
        e.Price = spec.StartPrice;
    }

    private static bool IsValid(InstrumentSpec s) =>
        s.Id > 0
        && !string.IsNullOrWhiteSpace(s.Symbol)
        && IsAsset(s.BaseAsset) && IsAsset(s.QuoteAsset) && s.BaseAsset != s.QuoteAsset
        && s.TickSize > 0 && s.LotSize > 0
        && s.MinQuantity > 0 && s.MaxQuantity >= s.MinQuantity
        && s.StartPrice > 0 && s.StartPrice % s.TickSize == 0
        && s.PriceBandTicks >= 0 && s.PriceBandBps >= 0
        && s.MakerFeeBps is >= 0 and <= Fees.BpsPerUnit
        && s.TakerFeeBps is >= 0 and <= Fees.BpsPerUnit;

    private static bool IsAsset(int asset) => asset is > 0 and <= MaxAssetId;

    private void SetHalted(bool halted)
    {
        if (!_instruments.TryGetValue(_current.InstrumentId, out var instrument))
        {
            AdminReject(RejectReason.UnknownInstrument);
            return;
        }

        var isHalted = instrument.Status == InstrumentStatus.Halted;
        if (halted == isHalted)
        {
            AdminReject(halted ? RejectReason.InstrumentAlreadyHalted : RejectReason.InstrumentNotHalted);
            return;
        }

        instrument.Status = halted ? InstrumentStatus.Halted : InstrumentStatus.Trading;
        ref var e = ref EmitAdmin(halted ? EventType.InstrumentHalted : EventType.InstrumentResumed);
        e.InstrumentId = instrument.Spec.Id;
    }

    private void AddAccount()
    {
        var id = _current.AccountId;
        if (id <= 0)
        {
            AdminReject(RejectReason.InvalidAccount);
            return;
        }

        if (_accounts.ContainsKey(id))
        {
            AdminReject(RejectReason.DuplicateAccount);
            return;
        }

        _accounts.Add(id, new Account(id));
        ref var e = ref EmitAdmin(EventType.AccountAdded);
        e.AccountId = id;
        e.Secret = _current.Secret; // the gateway's read model of who may log in is built from these
    }

    private void Deposit()
    {
        var reason = ValidateTransfer(out var account);
        var asset = _current.AssetId;
        var amount = _current.Quantity;
        if (reason == RejectReason.None && _supply[asset] > long.MaxValue - amount)
        {
            // Bounding the total of an asset bounds every balance, so no trade can overflow one.
            reason = RejectReason.BalanceOverflow;
        }

        if (reason != RejectReason.None)
        {
            AdminReject(reason);
            return;
        }

        _supply[asset] += amount;
        account.Available(asset) += amount;
        EmitBalance(account, asset);
    }

    private void Withdraw()
    {
        var reason = ValidateTransfer(out var account);
        var asset = _current.AssetId;
        if (reason == RejectReason.None && account.Available(asset) < _current.Quantity)
        {
            reason = RejectReason.InsufficientBalance;
        }

        if (reason != RejectReason.None)
        {
            AdminReject(reason);
            return;
        }

        _supply[asset] -= _current.Quantity;
        account.Available(asset) -= _current.Quantity;
        EmitBalance(account, asset);
    }

    private RejectReason ValidateTransfer(out Account account)
    {
        if (!_accounts.TryGetValue(_current.AccountId, out account!))
        {
            return RejectReason.UnknownAccount;
        }

        if (!IsAsset(_current.AssetId))
        {
            return RejectReason.InvalidAsset;
        }

        return _current.Quantity <= 0 ? RejectReason.InvalidAmount : RejectReason.None;
    }

    private void EmitBalance(Account account, int asset)
    {
        ref var e = ref EmitBalanceChange(account, asset, _current.Type == CommandType.Withdraw ? -_current.Quantity : _current.Quantity);
        e.ClientOrderId = _current.ClientOrderId; // the admin's message id, so the result can be matched to it
    }

    /// <summary>An account's balance of one asset after a change of <paramref name="delta"/> to its total (available + held).</summary>
    private ref Event EmitBalanceChange(Account account, int asset, long delta)
    {
        ref var e = ref Emit(EventType.BalanceChanged);
        e.AccountId = account.Id;
        e.AssetId = asset;
        e.Quantity = delta;
        e.Available = account.Available(asset);
        e.Held = account.Held(asset);
        return ref e;
    }

    /// <summary>An admin outcome, carrying the command's <see cref="Command.ClientOrderId"/> (the admin's message id) back.</summary>
    private ref Event EmitAdmin(EventType type)
    {
        ref var e = ref Emit(type);
        e.ClientOrderId = _current.ClientOrderId;
        return ref e;
    }
}
