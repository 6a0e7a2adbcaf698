using System.Globalization;
using Exchange.Client;
using Exchange.Protocol.Admin;
using Exchange.Protocol.MarketData;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;
using static System.FormattableString;

namespace Exchange.Cli;

/// <summary>
/// How exchange-cli shows the server's replies: a sentence with symbols and thousands separators, or
/// a JSON object with named fields and enums (never reserved fields), the same shape in every command.
/// A rejection of the order just sent names the rule that failed, from the instrument's reference data.
/// </summary>
internal sealed class ReplyText(ReferenceData refs)
{
    /// <summary>The order this run sent, if any: a rejection is explained against it.</summary>
    public OrderRequest? Sent { get; set; }

    public string Sentence(object message) => message switch
    {
        OrderAccepted m when Sent?.QuoteAmount is { } amount =>
            Invariant($"accepted: buy {refs.InstrumentName(m.Instrument)} for {amount:N0} {QuoteName(m.Instrument)} (at most {m.Quantity:N0}) @ {PriceText(m.Price)} (order {m.OrderId}, client {m.ClientOrderId})"),
        OrderAccepted m => Invariant($"accepted: {Side(m.Side)} {m.Quantity:N0} {refs.InstrumentName(m.Instrument)} @ {PriceText(m.Price)} (order {m.OrderId}, client {m.ClientOrderId})"),
        OrderRejected m => Invariant($"rejected: {Explain(m)} (client {m.ClientOrderId}, reason {Names.Reject(m.Reason)} {m.Reason})"),
        OrderExecuted m => Invariant($"filled: {Side(m.Side)} {m.Quantity:N0} {refs.InstrumentName(m.Instrument)} @ {m.Price:N0} as {(m.Liquidity == 1 ? "maker" : "taker")}, {m.Leaves:N0} left, fee {m.Fee:N0} {QuoteName(m.Instrument)} (order {m.OrderId}, trade {m.TradeId})"),
        OrderCanceled m => Invariant($"{(m.Expired == 1 ? "expired" : "canceled")}: {m.Quantity:N0} of order {m.OrderId} on {refs.InstrumentName(m.Instrument)} ({Names.Cancel(m.Reason)})"),
        OrderReplaced m => Invariant($"replaced: order {m.OrderId} now {m.Leaves:N0} @ {m.Price:N0}"),
        OrderReduced m => Invariant($"reduced: order {m.OrderId} by {m.Reduced:N0} ({Names.Cancel(m.Reason)}), {m.Leaves:N0} left @ {m.Price:N0}"),
        OrderTriggered m => Invariant($"triggered: order {m.OrderId} (client {m.ClientOrderId}) reached its stop {m.StopPrice:N0} and enters as {Names.OrderType(m.OrderType)} {Side(m.Side)} {m.Quantity:N0} @ {PriceText(m.Price)}"),
        MassCancelDone m => Invariant($"mass cancel done: {m.Canceled:N0} order{(m.Canceled == 1 ? string.Empty : "s")} canceled on {(m.Instrument == 0 ? "all instruments" : refs.InstrumentName(m.Instrument))}"),
        BalanceUpdate m => Invariant($"balance: {refs.AssetName(m.Asset)} {m.Amount:+#,0;-#,0;0} ({Names.Cause(m.Cause)}); available {m.Available:N0}, held {m.Held:N0}"),
        InstrumentStatusChanged m => Invariant($"instrument {refs.InstrumentName(m.Instrument)} {Names.Change(m.Change)}"),
        ProtocolReject m => Invariant($"refused: {(ProtocolRejectReason)m.Reason}"),
        SessionEnded m => Invariant($"session ended: {(SessionEndReason)m.Reason}"),
        _ => message.GetType().Name,
    };

    /// <summary>The same facts as <see cref="Sentence"/>, as named fields.</summary>
    public object Json(object message) => message switch
    {
        OrderAccepted m => new { Type = "accepted", m.Sequence, m.OrderId, m.ClientOrderId, m.Instrument, Symbol = refs.InstrumentName(m.Instrument), Side = Side(m.Side), m.Price, m.Quantity },
        OrderRejected m => new { Type = "rejected", m.Sequence, m.ClientOrderId, m.OrderId, Reason = Names.Reject(m.Reason), ReasonCode = m.Reason, Command = Names.Command(m.CommandType), Explanation = Explain(m) },
        OrderExecuted m => new
        {
            Type = "executed", m.Sequence, m.OrderId, m.ClientOrderId, m.TradeId, m.Instrument, Symbol = refs.InstrumentName(m.Instrument), Side = Side(m.Side), m.Price, m.Quantity, m.Leaves,
            m.Fee, Liquidity = m.Liquidity == 1 ? "maker" : "taker",
        },
        OrderCanceled m => new { Type = m.Expired == 1 ? "expired" : "canceled", m.Sequence, m.OrderId, m.ClientOrderId, m.Instrument, m.Quantity, Reason = Names.Cancel(m.Reason) },
        OrderReplaced m => new { Type = "replaced", m.Sequence, m.OrderId, m.ClientOrderId, m.Price, m.Leaves },
        OrderReduced m => new { Type = "reduced", m.Sequence, m.OrderId, m.ClientOrderId, m.Instrument, m.Price, m.Leaves, m.Reduced, Reason = Names.Cancel(m.Reason) },
        OrderTriggered m => new { Type = "triggered", m.Sequence, m.OrderId, m.ClientOrderId, m.Instrument, Side = Side(m.Side), OrderType = Names.OrderType(m.OrderType), m.Price, m.StopPrice, m.Quantity },
        MassCancelDone m => new { Type = "mass-cancel-done", m.ClientMessageId, m.Instrument, m.Canceled },
        BalanceUpdate m => new { Type = "balance", m.Sequence, m.Asset, Symbol = refs.AssetName(m.Asset), Cause = Names.Cause(m.Cause), m.Amount, m.Available, m.Held },
        InstrumentStatusChanged m => new { Type = "instrument", m.Instrument, Symbol = refs.InstrumentName(m.Instrument), Change = Names.Change(m.Change) },
        ProtocolReject m => new { Type = "refused", Reason = ((ProtocolRejectReason)m.Reason).ToString(), m.ClientMessageId },
        SessionEnded m => new { Type = "session-ended", Reason = ((SessionEndReason)m.Reason).ToString() },
        _ => new { Type = message.GetType().Name },
    };

    /// <summary>Why the engine refused the order this run sent, in terms of the instrument's rules where they are known.</summary>
    public string Explain(OrderRejected r)
    {
        var o = Sent;
        var i = o is null ? null : refs.Instrument((uint)o.Instrument);
        var price = o?.Price ?? 0;
        return (r.Reason, i) switch
        {
            (1, _) => o is null ? "unknown instrument" : Invariant($"no instrument {o.Instrument}"),
            (2, { } s) => Invariant($"{s.Symbol} is halted"),
            (3, { } s) => Invariant($"price {price:N0} is not a multiple of the tick {s.TickSize:N0}"),
            (4, { } s) => Invariant($"quantity {o!.Quantity:N0} is not a multiple of the lot {s.LotSize:N0}"),
            (5, { } s) => Invariant($"quantity {o!.Quantity:N0} is outside {s.MinQuantity:N0}–{s.MaxQuantity:N0}"),
            (6, { } s) => Invariant($"price {price:N0} is outside the band {s.BandLow:N0}–{BandHigh(s.BandHigh)} open now"),
            (7, { } s) => Invariant($"not enough {(o!.Side == 1 ? refs.AssetName(s.QuoteAsset) : refs.AssetName(s.BaseAsset))} available"),
            (8, _) => "no such live order of yours",
            (10, _) => Invariant($"client order id {r.ClientOrderId} is already used by a live order"),
            (11, _) => "a post-only order would have crossed the book",
            (12, _) => "a fill-or-kill order could not be filled in full at once",
            (33, _) => "the stop price is already reached: the stop would fire at once",
            _ => Names.Reject(r.Reason),
        };
    }

    private static string BandHigh(long high) => high == long.MaxValue ? "no limit" : high.ToString("N0", CultureInfo.InvariantCulture);

    private string QuoteName(uint instrument) => refs.Instrument(instrument) is { } i ? refs.AssetName(i.QuoteAsset) : "quote";

    private static string Side(byte side) => side == 1 ? "buy" : "sell";

    private static string PriceText(long price) => price == 0 ? "market" : price.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Whether a message is worth a line (heartbeats and query reports are not).</summary>
    public static bool IsReply(ServerMessage message) => message.Message is not (ServerHeartbeat or Exchange.Protocol.Queries.InstrumentReport or Exchange.Protocol.Queries.AssetReport);
}
