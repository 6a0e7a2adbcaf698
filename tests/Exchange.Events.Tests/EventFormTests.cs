using System.Text.Json;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Testing;

namespace Exchange.Events.Tests;

/// <summary>The published form: fat JSON bodies and subjects a consumer or a broker permission can select by.</summary>
public sealed class EventFormTests
{
    private static (TestExchange Exchange, SymbolNames Names) World()
    {
        var exchange = new TestExchange();
        var names = new SymbolNames();
        foreach (var command in RandomCommands.Setup())
        {
            exchange.Submit(command);
            if (command.Instrument is { } spec)
            {
                names.Add(spec);
            }
        }

        return (exchange, names);
    }

    [Fact]
    public void A_trade_names_its_instrument_both_accounts_and_carries_both_sides()
    {
        var (exchange, names) = World();
        exchange.Submit(Command.PlaceLimit(1, 1, 11, Side.Sell, 1_000, 20));
        var events = exchange.Submit(Command.PlaceLimit(2, 1, 12, Side.Buy, 1_000, 20));
        var index = Array.FindIndex(events, e => e.Type == EventType.TradeExecuted);
        var trade = events[index];

        Assert.Equal("exchange.trade.FEE-USD.2.1", EventSubjects.For("exchange", trade, names));
        using var json = JsonDocument.Parse(EventJson.ToBytes(trade, index, names));
        var root = json.RootElement;
        Assert.Equal(EventSchema.Version, root.GetProperty("schema").GetInt32());
        Assert.Equal(trade.Sequence, root.GetProperty("sequence").GetInt64());
        Assert.Equal(index, root.GetProperty("index").GetInt32());
        Assert.Equal("TradeExecuted", root.GetProperty("event").GetString());
        Assert.Equal("FEE-USD", root.GetProperty("symbol").GetString());
        Assert.Equal(1_000, root.GetProperty("price").GetInt64());
        Assert.Equal(20, root.GetProperty("quantity").GetInt64());
        Assert.Equal(1, root.GetProperty("makerAccount").GetInt64());
        Assert.Equal(2, root.GetProperty("account").GetInt64());
        Assert.Equal(trade.MakerFee, root.GetProperty("makerFee").GetInt64());
        Assert.Equal(trade.TakerFee, root.GetProperty("takerFee").GetInt64());
    }

    [Fact]
    public void An_order_event_carries_the_hold_balance_after_it_and_a_balance_change_its_asset()
    {
        var (exchange, names) = World();
        var accepted = exchange.Submit(Command.PlaceLimit(3, 1, 21, Side.Buy, 995, 10)).Single(e => e.Type == EventType.OrderAccepted);
        Assert.Equal("exchange.order.FEE-USD.3.accepted", EventSubjects.For("exchange", accepted, names));
        using var json = JsonDocument.Parse(EventJson.ToBytes(accepted, 0, names));
        var root = json.RootElement;
        Assert.Equal("Buy", root.GetProperty("side").GetString());
        Assert.Equal("Gtc", root.GetProperty("timeInForce").GetString());
        Assert.Equal(2, root.GetProperty("asset").GetInt32());
        Assert.Equal("USD", root.GetProperty("assetSymbol").GetString());
        Assert.Equal(accepted.Available, root.GetProperty("available").GetInt64());
        Assert.Equal(accepted.Held, root.GetProperty("held").GetInt64());
        Assert.False(root.TryGetProperty("tradeId", out _)); // fields of other types are left out

        var deposit = exchange.Submit(Command.Deposit(3, 3, 7)).Single(e => e.Type == EventType.BalanceChanged);
        Assert.Equal("exchange.balance.3.PLN", EventSubjects.For("exchange", deposit, names));
    }

    [Fact]
    public void A_rejection_for_an_unknown_instrument_still_has_a_subject()
    {
        var (exchange, names) = World();
        var rejected = exchange.Submit(Command.PlaceLimit(1, 99, 31, Side.Buy, 10, 1)).Single();
        Assert.Equal(EventType.OrderRejected, rejected.Type);
        Assert.Equal("exchange.order.id-99.1.rejected", EventSubjects.For("exchange", rejected, names));
    }

    [Theory]
    [InlineData("BTC-USD", "BTC-USD")]
    [InlineData("BTC.USD", "BTC_USD")]
    [InlineData("A B*C>", "A_B_C_")]
    public void Symbols_become_single_subject_tokens(string symbol, string token) => Assert.Equal(token, EventSubjects.Token(symbol, 1));
}
