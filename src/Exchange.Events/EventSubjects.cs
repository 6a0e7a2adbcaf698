using System.Globalization;
using Exchange.Core.Events;

namespace Exchange.Events;

/// <summary>
/// The subject each event is published on (docs/events.md). One message per event, so a fact that concerns an
/// instrument and two accounts names all three in its tokens: a consumer, or a broker permission, picks by
/// instrument (<c>exchange.trade.BTC-USD.&gt;</c>) or by account (<c>exchange.trade.*.1001.*</c> and
/// <c>exchange.trade.*.*.1001</c>) with wildcards.
/// </summary>
public static class EventSubjects
{
    /// <param name="prefix">The first token (<see cref="EventRelayOptions.SubjectPrefix"/>).</param>
    /// <param name="e">The event.</param>
    /// <param name="names">Symbols for the instrument and asset tokens; an id without one becomes <c>id-N</c>.</param>
    public static string For(string prefix, in Event e, SymbolNames? names)
    {
        var account = e.AccountId.ToString(CultureInfo.InvariantCulture);
        return e.Type switch
        {
            EventType.TradeExecuted => $"{prefix}.trade.{Instrument(e.InstrumentId, names)}.{account}.{e.MakerAccountId.ToString(CultureInfo.InvariantCulture)}",
            EventType.OrderAccepted => $"{prefix}.order.{Instrument(e.InstrumentId, names)}.{account}.accepted",
            EventType.OrderRejected => $"{prefix}.order.{Instrument(e.InstrumentId, names)}.{account}.rejected",
            EventType.OrderCanceled => $"{prefix}.order.{Instrument(e.InstrumentId, names)}.{account}.canceled",
            EventType.OrderReplaced => $"{prefix}.order.{Instrument(e.InstrumentId, names)}.{account}.replaced",
            EventType.OrderExpired => $"{prefix}.order.{Instrument(e.InstrumentId, names)}.{account}.expired",
            EventType.OrderReduced => $"{prefix}.order.{Instrument(e.InstrumentId, names)}.{account}.reduced",
            EventType.OrderTriggered => $"{prefix}.order.{Instrument(e.InstrumentId, names)}.{account}.triggered",
            EventType.MassCancelCompleted => $"{prefix}.order.{(e.InstrumentId == 0 ? "all" : Instrument(e.InstrumentId, names))}.{account}.masscanceled",
            EventType.BalanceChanged => $"{prefix}.balance.{account}.{Token(names?.AssetSymbolOf(e.AssetId), e.AssetId)}",
            EventType.InstrumentAdded => $"{prefix}.instrument.{Instrument(e.InstrumentId, names)}.added",
            EventType.InstrumentHalted => $"{prefix}.instrument.{Instrument(e.InstrumentId, names)}.halted",
            EventType.InstrumentResumed => $"{prefix}.instrument.{Instrument(e.InstrumentId, names)}.resumed",
            EventType.AccountAdded => $"{prefix}.admin.account.{account}.added",
            EventType.AdminRejected => $"{prefix}.admin.rejected.{account}",
            _ => $"{prefix}.other.{EnumText<EventType>.Name(e.Type)}",
        };
    }

    /// <summary>The subjects a stream of <paramref name="prefix"/> holds.</summary>
    public static string All(string prefix) => prefix + ".>";

    private static string Instrument(int id, SymbolNames? names) => Token(names?.SymbolOf(id), id);

    /// <summary>A symbol as one subject token (characters NATS gives a meaning replaced by '_'), or <c>id-N</c> without one.</summary>
    internal static string Token(string? symbol, long id)
    {
        if (symbol is null || symbol.Length == 0)
        {
            return "id-" + id.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var c in symbol)
        {
            if (!IsTokenChar(c))
            {
                return string.Create(symbol.Length, symbol, static (span, s) =>
                {
                    for (var i = 0; i < s.Length; i++)
                    {
                        span[i] = IsTokenChar(s[i]) ? s[i] : '_';
                    }
                });
            }
        }

        return symbol;
    }

    private static bool IsTokenChar(char c) => c > ' ' && c < 127 && c is not ('.' or '*' or '>');
}
