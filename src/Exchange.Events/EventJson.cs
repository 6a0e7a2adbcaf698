using System.Text.Json;
using Exchange.Core.Events;

namespace Exchange.Events;

/// <summary>
/// The one JSON form of an event, shared by the stream and <c>journal-tools events --format json</c>, so what a
/// consumer receives can be compared byte for byte with what the journal re-derives. Fat: besides the event's own
/// fields it names the instrument's and the asset's symbols and, for order events, the hold asset's balance after
/// the event, so a read model updates from the message alone. Fields that do not apply to a type are left out.
/// </summary>
public static class EventJson
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    /// <summary>Writes one event as a JSON object (schema <see cref="EventSchema.Version"/>).</summary>
    /// <param name="json">Where to write.</param>
    /// <param name="e">The event.</param>
    /// <param name="index">Its position among the events of its command (0-based).</param>
    /// <param name="names">Instrument and asset symbols, if known.</param>
    public static void Write(Utf8JsonWriter json, in Event e, int index, SymbolNames? names)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteNumber("schema", EventSchema.Version);
        json.WriteNumber("sequence", e.Sequence);
        json.WriteNumber("index", index);
        json.WriteString("event", EventNames.Of(e.Type));
        json.WriteString("time", TimeText.Format(e.Timestamp));
        json.WriteNumber("timestamp", e.Timestamp);
        json.WriteString("command", e.CommandType.ToString());
        Optional(json, "account", e.AccountId);
        Optional(json, "instrument", e.InstrumentId);
        if (e.InstrumentId != 0 && names?.SymbolOf(e.InstrumentId) is { } symbol)
        {
            json.WriteString("symbol", symbol);
        }

        Optional(json, "orderId", e.OrderId);
        Optional(json, "clientOrderId", e.ClientOrderId);
        if (e.Side != 0)
        {
            json.WriteString("side", e.Side.ToString());
        }

        if (e.OrderType != 0)
        {
            json.WriteString("orderType", e.OrderType.ToString());
        }

        if (e.TimeInForce != 0)
        {
            json.WriteString("timeInForce", e.TimeInForce.ToString());
        }

        Optional(json, "price", e.Price);
        Optional(json, "quantity", e.Quantity);
        Optional(json, "leaves", e.Leaves);
        Optional(json, "stopPrice", e.StopPrice);
        Optional(json, "displayQuantity", e.DisplayQuantity);
        if (e.ExpireTime != 0)
        {
            json.WriteString("expireTime", TimeText.Format(e.ExpireTime));
        }

        if (e.Reason != 0)
        {
            json.WriteString("reason", e.Reason.ToString());
            json.WriteNumber("reasonCode", (int)e.Reason);
        }

        if (e.CancelReason != 0)
        {
            json.WriteString("cancelReason", e.CancelReason.ToString());
            json.WriteNumber("cancelReasonCode", (int)e.CancelReason);
        }

        if (e.Type == EventType.TradeExecuted)
        {
            json.WriteNumber("tradeId", e.TradeId);
            json.WriteNumber("makerOrderId", e.MakerOrderId);
            json.WriteNumber("makerAccount", e.MakerAccountId);
            json.WriteNumber("makerClientOrderId", e.MakerClientOrderId);
            json.WriteNumber("makerLeaves", e.MakerLeaves);
            json.WriteNumber("makerFee", e.MakerFee);
            json.WriteNumber("takerFee", e.TakerFee);
        }

        if (e.AssetId != 0)
        {
            // BalanceChanged: the changed balance; order events: the hold asset's balance after the event.
            json.WriteNumber("asset", e.AssetId);
            if (names?.AssetSymbolOf(e.AssetId) is { } asset)
            {
                json.WriteString("assetSymbol", asset);
            }

            json.WriteNumber("available", e.Available);
            json.WriteNumber("held", e.Held);
        }

        json.WriteEndObject();
    }

    /// <summary>One event as UTF-8 JSON bytes (a new array: the stream's message body).</summary>
    public static byte[] ToBytes(in Event e, int index, SymbolNames? names)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            Write(json, e, index, names);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Optional(Utf8JsonWriter json, string name, long value)
    {
        if (value != 0)
        {
            json.WriteNumber(name, value);
        }
    }
}
