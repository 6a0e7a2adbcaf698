using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Testing;

namespace Exchange.Core.Tests.Matching;

public sealed class QuoteAmountTests
{
    private const long Buyer = 1, Seller = 2;

    /// <summary>BTC/USD with lot 5, fees 10/20 bps; the seller offers 10 @ 10,000 and 10 @ 10,010.</summary>
    private static TestExchange Market()
    {
        var exchange = new TestExchange().WithInstrument(Specs.BtcUsd(makerFeeBps: 10, takerFeeBps: 20))
            .WithAccount(Buyer, (Specs.Usd, 1_000_000))
            .WithAccount(Seller, (Specs.Btc, 100));
        exchange.Submit(Command.PlaceLimit(Seller, Specs.BtcUsdId, 1, Side.Sell, 10_000, 10));
        exchange.Submit(Command.PlaceLimit(Seller, Specs.BtcUsdId, 2, Side.Sell, 10_010, 10));
        return exchange;
    }

    [Fact]
    public void Buys_whole_lots_for_the_amount_fees_included_and_releases_the_rest()
    {
        var exchange = Market();
        // 160,000 buys 10 @ 10,000 (100,200 with fee), then 5 @ 10,010 (50,150): 150,350; another lot would need 200,400.
        var events = exchange.Submit(Command.PlaceQuoteAmount(Buyer, Specs.BtcUsdId, 3, 160_000));
        var fills = events.Where(e => e.Type == EventType.TradeExecuted).Select(e => (e.Price, e.Quantity)).ToArray();
        Assert.Equal([(10_000L, 10L), (10_010L, 5L)], fills);
        Assert.Equal(CancelReason.QuoteAmountSpent, events.Single(e => e.Type == EventType.OrderExpired).CancelReason);
        var usd = exchange.Engine.GetBalance(Buyer, Specs.Usd);
        Assert.Equal((1_000_000 - 150_350L, 0L), (usd.Available, usd.Held));
        Assert.Equal(15, exchange.Engine.GetBalance(Buyer, Specs.Btc).Available);
    }

    [Fact]
    public void An_ioc_limit_quote_buy_stops_at_its_limit_price()
    {
        var exchange = Market();
        var events = exchange.Submit(Command.PlaceQuoteAmount(Buyer, Specs.BtcUsdId, 3, 500_000, limitPrice: 10_000));
        Assert.Equal(10, events.Single(e => e.Type == EventType.TradeExecuted).Quantity);
        Assert.Equal(CancelReason.NotFilledImmediately, events.Single(e => e.Type == EventType.OrderExpired).CancelReason);
        Assert.Equal(0, exchange.Engine.GetBalance(Buyer, Specs.Usd).Held);
    }

    [Fact]
    public void A_quantity_caps_a_quote_buy()
    {
        var exchange = Market();
        var events = exchange.Submit(Command.PlaceQuoteAmount(Buyer, Specs.BtcUsdId, 3, 500_000, maxQuantity: 5));
        Assert.Equal(5, events.Single(e => e.Type == EventType.TradeExecuted).Quantity);
        Assert.DoesNotContain(events, e => e.Type == EventType.OrderExpired);
    }

    [Theory]
    [InlineData(Side.Sell, OrderType.Market, TimeInForce.Ioc, 1_000)]
    [InlineData(Side.Buy, OrderType.Limit, TimeInForce.Gtc, 1_000)]
    [InlineData(Side.Buy, OrderType.Market, TimeInForce.Ioc, -1)]
    public void Quote_amounts_only_on_market_or_ioc_limit_buys(Side side, OrderType type, TimeInForce tif, long amount)
    {
        var exchange = Market();
        var command = Command.PlaceQuoteAmount(Buyer, Specs.BtcUsdId, 3, amount, limitPrice: type == OrderType.Limit ? 10_000 : 0);
        command.Side = side;
        command.TimeInForce = tif;
        var reject = Assert.Single(exchange.Submit(command));
        Assert.Equal(RejectReason.InvalidQuoteAmount, reject.Reason);
    }

    [Fact]
    public void An_amount_above_the_available_balance_is_rejected()
    {
        var reject = Assert.Single(Market().Submit(Command.PlaceQuoteAmount(Buyer, Specs.BtcUsdId, 3, 1_000_001)));
        Assert.Equal(RejectReason.InsufficientBalance, reject.Reason);
    }
}
