using Exchange.Client;
using Exchange.Protocol.Admin;
using System.Globalization;
using static System.FormattableString;

namespace Exchange.Cli;

/// <summary>The protocol's codes as the words exchange-cli prints (text and JSON alike).</summary>
internal static class Names
{
    public static string Reject(ushort reason) => reason switch
    {
        1 => "UnknownInstrument", 2 => "InstrumentHalted", 3 => "BadTick", 4 => "BadLot", 5 => "QuantityOutOfRange", 6 => "OutsidePriceBand",
        7 => "InsufficientBalance", 8 => "UnknownOrder", 9 => "NotOwner", 10 => "DuplicateClientOrderId", 11 => "PostOnlyWouldCross",
        12 => "FokNotFillable", 13 => "SelfTrade", 14 => "UnknownAccount", 15 => "InvalidPrice", 16 => "InvalidQuantity",
        22 => "DuplicateInstrument", 23 => "InvalidInstrumentSpec", 24 => "DuplicateAccount", 25 => "InvalidAccount", 26 => "InvalidAsset",
        17 => "InvalidSide", 18 => "InvalidOrderType", 19 => "InvalidTimeInForce", 20 => "InvalidSelfTradePrevention", 21 => "NotionalOverflow",
        27 => "InvalidAmount", 28 => "BalanceOverflow", 29 => "InstrumentAlreadyHalted", 30 => "InstrumentNotHalted", 31 => "UnknownCommand",
        32 => "InvalidStopPrice", 33 => "StopWouldTrigger", 34 => "InvalidDisplayQuantity", 35 => "InvalidExpireTime", 36 => "InvalidQuoteAmount",
        37 => "ProtectionPriceRequired",
        _ => "Rejected",
    };

    public static string Cancel(byte reason) => reason switch
    {
        1 => "requested", 2 => "mass cancel", 3 => "self-trade prevention", 4 => "not filled immediately", 5 => "insufficient balance",
        6 => "price protection", 7 => "expire time reached", 8 => "quote amount spent",
        _ => Invariant($"reason {reason}"),
    };

    public static string OrderType(byte orderType) => orderType switch
    {
        1 => "limit", 2 => "market", 3 => "stop", 4 => "stop-limit", _ => orderType.ToString(CultureInfo.InvariantCulture),
    };

    public static string TimeInForce(byte tif) => tif switch
    {
        1 => "gtc", 2 => "ioc", 3 => "fok", 4 => "gtd", 5 => "day", _ => "-",
    };

    public static string Command(byte commandType) => commandType switch
    {
        1 => "new", 2 => "cancel", 3 => "replace", 4 => "mass-cancel", _ => commandType.ToString(CultureInfo.InvariantCulture),
    };

    public static string Cause(uint cause) => cause switch { 1 => "deposit", 2 => "withdrawal", 3 => "trade", _ => "change" };

    public static string Change(byte change) => change switch { 1 => "added", 2 => "halted", 3 => "resumed", _ => "changed" };

    /// <summary>The name --json gives an admin outcome (the names of the AdminResult events it stands for).</summary>
    public static string AdminEvent(AdminOutcome outcome) => !outcome.IsAccepted ? "rejected" : outcome.Action switch
    {
        AdminAction.Deposit or AdminAction.Withdraw => "balance-changed", AdminAction.AddInstrument => "instrument-added", AdminAction.HaltInstrument => "instrument-halted",
        AdminAction.ResumeInstrument => "instrument-resumed", AdminAction.AddAccount => "account-added", AdminAction.TakeSnapshot => "snapshot-taken",
        _ => outcome.Action.ToString(),
    };

    public static string InstrumentStatus(byte status) => status switch { 1 => "trading", 2 => "halted", _ => "-" };
}
