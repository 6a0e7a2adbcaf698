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
        json.WriteNumber(Names.Schema, EventSchema.Version);
        json.WriteNumber(Names.Sequence, e.Sequence);
        json.WriteNumber(Names.Index, index);
        json.WriteString(Names.Event, EnumText<EventType>.Of(e.Type));
        WriteTime(json, Names.Time, e.Timestamp);
        json.WriteNumber(Names.Timestamp, e.Timestamp);
        json.WriteString(Names.Command, EnumText<Core.Commands.CommandType>.Of(e.CommandType));
        Optional(json, Names.Account, e.AccountId);
        Optional(json, Names.Instrument, e.InstrumentId);
        if (e.InstrumentId != 0 && names?.SymbolOf(e.InstrumentId) is { } symbol)
        {
            json.WriteString(Names.Symbol, symbol);
        }

        Optional(json, Names.OrderId, e.OrderId);
        Optional(json, Names.ClientOrderId, e.ClientOrderId);
        if (e.Side != 0)
        {
            json.WriteString(Names.Side, EnumText<Core.Orders.Side>.Of(e.Side));
        }

        if (e.OrderType != 0)
        {
            json.WriteString(Names.OrderType, EnumText<Core.Orders.OrderType>.Of(e.OrderType));
        }

        if (e.TimeInForce != 0)
        {
            json.WriteString(Names.TimeInForce, EnumText<Core.Orders.TimeInForce>.Of(e.TimeInForce));
        }

        Optional(json, Names.Price, e.Price);
        Optional(json, Names.Quantity, e.Quantity);
        Optional(json, Names.Leaves, e.Leaves);
        Optional(json, Names.StopPrice, e.StopPrice);
        Optional(json, Names.DisplayQuantity, e.DisplayQuantity);
        if (e.ExpireTime != 0)
        {
            WriteTime(json, Names.ExpireTime, e.ExpireTime);
        }

        if (e.Reason != 0)
        {
            json.WriteString(Names.Reason, EnumText<Core.Orders.RejectReason>.Of(e.Reason));
            json.WriteNumber(Names.ReasonCode, (int)e.Reason);
        }

        if (e.CancelReason != 0)
        {
            json.WriteString(Names.CancelReason, EnumText<Core.Orders.CancelReason>.Of(e.CancelReason));
            json.WriteNumber(Names.CancelReasonCode, (int)e.CancelReason);
        }

        if (e.Type == EventType.TradeExecuted)
        {
            json.WriteNumber(Names.TradeId, e.TradeId);
            json.WriteNumber(Names.MakerOrderId, e.MakerOrderId);
            json.WriteNumber(Names.MakerAccount, e.MakerAccountId);
            json.WriteNumber(Names.MakerClientOrderId, e.MakerClientOrderId);
            json.WriteNumber(Names.MakerLeaves, e.MakerLeaves);
            json.WriteNumber(Names.MakerFee, e.MakerFee);
            json.WriteNumber(Names.TakerFee, e.TakerFee);
        }

        if (e.AssetId != 0)
        {
            // BalanceChanged: the changed balance; order events: the hold asset's balance after the event.
            json.WriteNumber(Names.Asset, e.AssetId);
            if (names?.AssetSymbolOf(e.AssetId) is { } asset)
            {
                json.WriteString(Names.AssetSymbol, asset);
            }

            json.WriteNumber(Names.Available, e.Available);
            json.WriteNumber(Names.Held, e.Held);
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

    private static void Optional(Utf8JsonWriter json, JsonEncodedText name, long value)
    {
        if (value != 0)
        {
            json.WriteNumber(name, value);
        }
    }

    /// <summary>A journal timestamp as ISO 8601 with 100 ns digits, formatted without allocating (the same text as <see cref="TimeText.Format"/>).</summary>
    private static void WriteTime(Utf8JsonWriter json, JsonEncodedText name, long nanoseconds)
    {
        Span<char> text = stackalloc char[40];
        TimeText.TryFormat(nanoseconds, text, out var written);
        json.WriteString(name, text[..written]);
    }

    /// <summary>Property names encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Account = JsonEncodedText.Encode("account");

        public static readonly JsonEncodedText Asset = JsonEncodedText.Encode("asset");

        public static readonly JsonEncodedText AssetSymbol = JsonEncodedText.Encode("assetSymbol");

        public static readonly JsonEncodedText Available = JsonEncodedText.Encode("available");

        public static readonly JsonEncodedText CancelReason = JsonEncodedText.Encode("cancelReason");

        public static readonly JsonEncodedText CancelReasonCode = JsonEncodedText.Encode("cancelReasonCode");

        public static readonly JsonEncodedText ClientOrderId = JsonEncodedText.Encode("clientOrderId");

        public static readonly JsonEncodedText Command = JsonEncodedText.Encode("command");

        public static readonly JsonEncodedText DisplayQuantity = JsonEncodedText.Encode("displayQuantity");

        public static readonly JsonEncodedText Event = JsonEncodedText.Encode("event");

        public static readonly JsonEncodedText ExpireTime = JsonEncodedText.Encode("expireTime");

        public static readonly JsonEncodedText Held = JsonEncodedText.Encode("held");

        public static readonly JsonEncodedText Index = JsonEncodedText.Encode("index");

        public static readonly JsonEncodedText Instrument = JsonEncodedText.Encode("instrument");

        public static readonly JsonEncodedText Leaves = JsonEncodedText.Encode("leaves");

        public static readonly JsonEncodedText MakerAccount = JsonEncodedText.Encode("makerAccount");

        public static readonly JsonEncodedText MakerClientOrderId = JsonEncodedText.Encode("makerClientOrderId");

        public static readonly JsonEncodedText MakerFee = JsonEncodedText.Encode("makerFee");

        public static readonly JsonEncodedText MakerLeaves = JsonEncodedText.Encode("makerLeaves");

        public static readonly JsonEncodedText MakerOrderId = JsonEncodedText.Encode("makerOrderId");

        public static readonly JsonEncodedText OrderId = JsonEncodedText.Encode("orderId");

        public static readonly JsonEncodedText OrderType = JsonEncodedText.Encode("orderType");

        public static readonly JsonEncodedText Price = JsonEncodedText.Encode("price");

        public static readonly JsonEncodedText Quantity = JsonEncodedText.Encode("quantity");

        public static readonly JsonEncodedText Reason = JsonEncodedText.Encode("reason");

        public static readonly JsonEncodedText ReasonCode = JsonEncodedText.Encode("reasonCode");

        public static readonly JsonEncodedText Schema = JsonEncodedText.Encode("schema");

        public static readonly JsonEncodedText Sequence = JsonEncodedText.Encode("sequence");

        public static readonly JsonEncodedText Side = JsonEncodedText.Encode("side");

        public static readonly JsonEncodedText StopPrice = JsonEncodedText.Encode("stopPrice");

        public static readonly JsonEncodedText Symbol = JsonEncodedText.Encode("symbol");

        public static readonly JsonEncodedText TakerFee = JsonEncodedText.Encode("takerFee");

        public static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");

        public static readonly JsonEncodedText TimeInForce = JsonEncodedText.Encode("timeInForce");

        public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");

        public static readonly JsonEncodedText TradeId = JsonEncodedText.Encode("tradeId");
    }
}
