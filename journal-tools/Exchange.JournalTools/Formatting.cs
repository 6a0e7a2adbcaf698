using System.Globalization;
using System.Text;
using Exchange.Core.Commands;
using Exchange.Core.Events;

namespace Exchange.JournalTools;

/// <summary>Commands and events as text lines and as JSON objects (only the fields their type uses).</summary>
internal static class Formatting
{
    public static Dictionary<string, object?> CommandFields(in Command c, InstrumentSymbols? symbols = null)
    {
        var fields = new Dictionary<string, object?>
        {
            ["sequence"] = c.Sequence,
            ["timestamp"] = c.Timestamp,
            ["time"] = TimeArgument.Format(c.Timestamp),
            ["type"] = c.Type.ToString(),
        };
        switch (c.Type)
        {
            case CommandType.PlaceOrder:
                Always(fields, ("account", c.AccountId), ("instrument", c.InstrumentId), ("clientOrderId", c.ClientOrderId));
                fields["side"] = c.Side.ToString();
                fields["orderType"] = c.OrderType.ToString();
                fields["timeInForce"] = c.TimeInForce.ToString();
                fields["selfTradePrevention"] = c.SelfTradePrevention.ToString();
                fields["postOnly"] = c.PostOnly;
                Always(fields, ("price", c.Price), ("quantity", c.Quantity)); // 0 is meaningful: a market order, a quote-amount buy with no cap
                Add(fields, ("protectionPrice", c.ProtectionPrice), ("stopPrice", c.StopPrice), ("displayQuantity", c.DisplayQuantity), ("quoteAmount", c.QuoteAmount));
                if (c.ExpireTime != 0)
                {
                    fields["expireTime"] = TimeArgument.Format(c.ExpireTime);
                }

                break;
            case CommandType.CancelOrder:
                Always(fields, ("account", c.AccountId), ("orderId", c.OrderId), ("clientOrderId", c.ClientOrderId));
                break;
            case CommandType.ReplaceOrder:
                Always(fields, ("account", c.AccountId), ("orderId", c.OrderId), ("clientOrderId", c.ClientOrderId), ("price", c.Price), ("quantity", c.Quantity));
                Add(fields, ("stopPrice", c.StopPrice));
                break;
            case CommandType.MassCancel:
                Always(fields, ("account", c.AccountId), ("instrument", c.InstrumentId)); // instrument 0: all
                break;
            case CommandType.AddInstrument:
                fields["instrument"] = c.Instrument is null ? null : new
                {
                    c.Instrument.Id, c.Instrument.Symbol, c.Instrument.BaseAsset, c.Instrument.QuoteAsset, c.Instrument.TickSize, c.Instrument.LotSize,
                    c.Instrument.MinQuantity, c.Instrument.MaxQuantity, c.Instrument.StartPrice, c.Instrument.PriceBandTicks, c.Instrument.PriceBandBps,
                    c.Instrument.MakerFeeBps, c.Instrument.TakerFeeBps,
                };
                break;
            case CommandType.HaltInstrument or CommandType.ResumeInstrument:
                fields["instrument"] = c.InstrumentId;
                break;
            case CommandType.AddAccount:
                fields["account"] = c.AccountId;
                if (c.Secret is not null)
                {
                    fields["login"] = "hashed-secret"; // onboarded with a login: only its salted hash is journaled
                }

                break;
            case CommandType.Deposit or CommandType.Withdraw:
                Always(fields, ("account", c.AccountId), ("asset", c.AssetId), ("amount", c.Quantity));
                break;
            case CommandType.LeaderEpoch:
                Always(fields, ("epoch", c.OrderId), ("node", c.ClientOrderId)); // where a cluster primary's history starts
                break;
        }

        AddSymbol(fields, symbols);
        return fields;
    }

    /// <summary>The instrument's and the asset's symbols, when the journal names them.</summary>
    private static void AddSymbol(Dictionary<string, object?> fields, InstrumentSymbols? symbols)
    {
        if (symbols is not null && fields.TryGetValue("instrument", out var id) && id is int or long && symbols.SymbolOf(Convert.ToInt32(id, CultureInfo.InvariantCulture)) is { } symbol)
        {
            fields["symbol"] = symbol;
        }

        if (symbols is not null && fields.TryGetValue("asset", out var asset) && asset is int or long && symbols.AssetSymbolOf(Convert.ToInt32(asset, CultureInfo.InvariantCulture)) is { } assetSymbol)
        {
            fields["assetSymbol"] = assetSymbol;
        }
    }

    public static Dictionary<string, object?> EventFields(in Event e, InstrumentSymbols? symbols = null)
    {
        var fields = new Dictionary<string, object?>
        {
            ["sequence"] = e.Sequence,
            ["time"] = TimeArgument.Format(e.Timestamp),
            ["event"] = e.Type.ToString(),
        };
        Add(fields, ("account", e.AccountId), ("instrument", e.InstrumentId), ("orderId", e.OrderId), ("clientOrderId", e.ClientOrderId));
        if (e.Side != 0)
        {
            fields["side"] = e.Side.ToString();
        }

        if (e.OrderType != 0)
        {
            fields["orderType"] = e.OrderType.ToString();
        }

        Add(fields, ("price", e.Price), ("quantity", e.Quantity), ("leaves", e.Leaves), ("stopPrice", e.StopPrice), ("displayQuantity", e.DisplayQuantity));
        if (e.Reason != 0)
        {
            fields["reason"] = e.Reason.ToString();
            fields["reasonCode"] = (int)e.Reason;
        }

        if (e.CancelReason != 0)
        {
            fields["cancelReason"] = e.CancelReason.ToString();
        }

        if (e.Type == EventType.TradeExecuted)
        {
            fields["tradeId"] = e.TradeId;
            fields["makerOrderId"] = e.MakerOrderId;
            fields["makerAccount"] = e.MakerAccountId;
            fields["makerClientOrderId"] = e.MakerClientOrderId;
            fields["makerLeaves"] = e.MakerLeaves;
            fields["makerFee"] = e.MakerFee;
            fields["takerFee"] = e.TakerFee;
        }

        if (e.Type == EventType.BalanceChanged)
        {
            fields["asset"] = e.AssetId;
            fields["available"] = e.Available;
            fields["held"] = e.Held;
        }

        AddSymbol(fields, symbols);
        return fields;
    }

    /// <summary><c>key=value</c> pairs after the sequence and time, for one-line text output.</summary>
    public static string Line(Dictionary<string, object?> fields)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{fields["sequence"],8}  {fields["time"]}");
        foreach (var (key, value) in fields)
        {
            if (key is "sequence" or "time" or "timestamp")
            {
                continue;
            }

            if (key is "type" or "event")
            {
                text.Append(CultureInfo.InvariantCulture, $"  {value,-16}");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $" {key}={value}");
            }
        }

        return text.ToString();
    }

    /// <summary>Fields the command type always has, shown even when zero.</summary>
    private static void Always(Dictionary<string, object?> fields, params (string Key, long Value)[] values)
    {
        foreach (var (key, value) in values)
        {
            fields[key] = value;
        }
    }

    /// <summary>Optional fields (stops, icebergs, ...), shown only when set.</summary>
    private static void Add(Dictionary<string, object?> fields, params (string Key, long Value)[] values)
    {
        foreach (var (key, value) in values)
        {
            if (value != 0)
            {
                fields[key] = value;
            }
        }
    }
}
