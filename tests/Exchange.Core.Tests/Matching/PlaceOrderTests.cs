using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Orders;
using Exchange.Testing;

namespace Exchange.Core.Tests.Matching;

public sealed class PlaceOrderTests : EngineFixture
{
    [Fact]
    public void Limit_order_that_does_not_cross_rests_and_holds_quote()
    {
        var events = Buy(Alice, 100, 10, clientId: 7);
        var accepted = OnlyOne(events, EventType.OrderAccepted);
        Assert.Equal(7, accepted.ClientOrderId);
        Assert.Equal(10, accepted.Leaves);
        Assert.True(Exchange.Engine.TryGetOrder(accepted.OrderId, out var order));
        Assert.Equal(1_000, order.Held);
        Assert.Equal(1_000, Exchange.Engine.GetBalance(Alice, Specs.Usd).Held);
        Assert.Equal(999_000, Exchange.Engine.GetBalance(Alice, Specs.Usd).Available);
    }

    [Fact]
    public void Sell_order_holds_base()
    {
        Sell(Alice, 100, 10);
        Assert.Equal(10, Exchange.Engine.GetBalance(Alice, Specs.Btc).Held);
        Assert.Equal(990, Exchange.Engine.GetBalance(Alice, Specs.Btc).Available);
    }

    [Fact]
    public void Unknown_instrument_is_rejected() =>
        Assert.Equal(RejectReason.UnknownInstrument, RejectOf(Submit(Command.PlaceLimit(Alice, 99, 1, Side.Buy, 100, 1))));

    [Fact]
    public void Unknown_account_is_rejected() =>
        Assert.Equal(RejectReason.UnknownAccount, RejectOf(Submit(Command.PlaceLimit(42, Instrument, 1, Side.Buy, 100, 1))));

    [Fact]
    public void Halted_instrument_rejects_new_orders()
    {
        Submit(Command.Halt(Instrument));
        Assert.Equal(RejectReason.InstrumentHalted, RejectOf(Buy(Alice, 100, 1)));
        Submit(Command.Resume(Instrument));
        Assert.Equal(EventType.OrderAccepted, Buy(Alice, 100, 1)[0].Type);
    }

    [Theory]
    [InlineData(0, RejectReason.InvalidPrice)]
    [InlineData(-10, RejectReason.InvalidPrice)]
    [InlineData(10_005, RejectReason.BadTick)]
    public void Bad_prices_are_rejected(long price, RejectReason expected)
    {
        var exchange = new TestExchange().WithInstrument(Specs.BtcUsd()).WithAccount(Alice, (Specs.Usd, 1_000_000_000));
        var events = exchange.Submit(Command.PlaceLimit(Alice, Specs.BtcUsdId, 1, Side.Buy, price, 5));
        Assert.Equal(expected, RejectOf(events));
    }

    [Theory]
    [InlineData(0, RejectReason.InvalidQuantity)]
    [InlineData(-5, RejectReason.InvalidQuantity)]
    [InlineData(7, RejectReason.BadLot)]
    [InlineData(100_005, RejectReason.QuantityOutOfRange)]
    public void Bad_quantities_are_rejected(long quantity, RejectReason expected)
    {
        var exchange = new TestExchange().WithInstrument(Specs.BtcUsd()).WithAccount(Alice, (Specs.Usd, 1_000_000_000));
        var events = exchange.Submit(Command.PlaceLimit(Alice, Specs.BtcUsdId, 1, Side.Buy, 10_000, quantity));
        Assert.Equal(expected, RejectOf(events));
    }

    [Fact]
    public void Quantity_below_minimum_is_rejected()
    {
        var spec = Specs.Plain() with { MinQuantity = 5 };
        var exchange = new TestExchange().WithInstrument(spec).WithAccount(Alice, (Specs.Usd, 1_000_000));
        Assert.Equal(RejectReason.QuantityOutOfRange, RejectOf(exchange.Submit(Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, 100, 4))));
    }

    [Fact]
    public void Price_band_in_ticks_is_measured_from_the_start_price_then_the_last_trade()
    {
        // Tick 10, band 5 ticks = 50 around 10,000.
        var exchange = new TestExchange().WithInstrument(Specs.BtcUsd(bandTicks: 5))
            .WithAccount(Alice, (Specs.Usd, 1_000_000_000), (Specs.Btc, 1_000)).WithAccount(Bob, (Specs.Usd, 1_000_000_000), (Specs.Btc, 1_000));
        Assert.Equal(RejectReason.OutsidePriceBand, RejectOf(exchange.Submit(Command.PlaceLimit(Alice, 1, 1, Side.Buy, 10_060, 5))));
        Assert.Equal(RejectReason.OutsidePriceBand, RejectOf(exchange.Submit(Command.PlaceLimit(Alice, 1, 1, Side.Buy, 9_940, 5))));
        Assert.Equal(EventType.OrderAccepted, exchange.Submit(Command.PlaceLimit(Alice, 1, 1, Side.Buy, 10_050, 5))[0].Type);

        // A trade at 10,050 moves the reference: 10,100 is now inside the band.
        Assert.Contains(exchange.Submit(Command.PlaceLimit(Bob, 1, 1, Side.Sell, 10_050, 5)), e => e.Type == EventType.TradeExecuted);
        Assert.Equal(EventType.OrderAccepted, exchange.Submit(Command.PlaceLimit(Alice, 1, 2, Side.Buy, 10_100, 5))[0].Type);
    }

    [Fact]
    public void Price_band_in_basis_points_rejects_far_prices()
    {
        // 100 bps of 10,000 = 100.
        var exchange = new TestExchange().WithInstrument(Specs.BtcUsd(bandBps: 100)).WithAccount(Alice, (Specs.Usd, 1_000_000_000));
        Assert.Equal(RejectReason.OutsidePriceBand, RejectOf(exchange.Submit(Command.PlaceLimit(Alice, 1, 1, Side.Buy, 10_110, 5))));
        Assert.Equal(EventType.OrderAccepted, exchange.Submit(Command.PlaceLimit(Alice, 1, 1, Side.Buy, 10_100, 5))[0].Type);
    }

    [Fact]
    public void Insufficient_quote_for_a_buy_is_rejected_and_changes_nothing()
    {
        Rest(Alice, Side.Buy, 100, 1);
        var balancesBefore = Exchange.Engine.GetBalances(Alice);
        var ordersBefore = Exchange.Engine.GetOpenOrders(Alice);
        Assert.Equal(RejectReason.InsufficientBalance, RejectOf(Buy(Alice, 1_000, 1_000)));
        Assert.Equal(balancesBefore, Exchange.Engine.GetBalances(Alice));
        Assert.Equal(ordersBefore, Exchange.Engine.GetOpenOrders(Alice));
    }

    [Fact]
    public void Insufficient_base_for_a_sell_is_rejected() =>
        Assert.Equal(RejectReason.InsufficientBalance, RejectOf(Sell(Alice, 100, 1_001)));

    [Fact]
    public void Notional_overflow_is_rejected_not_wrapped()
    {
        var spec = Specs.Plain() with { MaxQuantity = long.MaxValue };
        var exchange = new TestExchange().WithInstrument(spec).WithAccount(Alice, (Specs.Usd, long.MaxValue));
        var events = exchange.Submit(Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, long.MaxValue / 2, 4));
        Assert.Equal(RejectReason.NotionalOverflow, RejectOf(events));
    }

    [Fact]
    public void Duplicate_client_order_id_among_live_orders_is_rejected_but_reusable_after()
    {
        var id = Rest(Alice, Side.Buy, 90, 1, clientId: 5);
        Assert.Equal(RejectReason.DuplicateClientOrderId, RejectOf(Buy(Alice, 91, 1, clientId: 5)));
        Assert.Equal(EventType.OrderAccepted, Buy(Bob, 91, 1, clientId: 5)[0].Type); // another account may use it
        Submit(Command.Cancel(Alice, id));
        Assert.Equal(EventType.OrderAccepted, Buy(Alice, 91, 1, clientId: 5)[0].Type);
    }

    [Fact]
    public void Invalid_enum_values_are_rejected()
    {
        var badSide = Command.PlaceLimit(Alice, Instrument, 1, (Side)9, 100, 1);
        Assert.Equal(RejectReason.InvalidSide, RejectOf(Submit(badSide)));
        var badType = Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, 100, 1);
        badType.OrderType = (OrderType)7;
        Assert.Equal(RejectReason.InvalidOrderType, RejectOf(Submit(badType)));
        var badTif = Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, 100, 1, (TimeInForce)0);
        Assert.Equal(RejectReason.InvalidTimeInForce, RejectOf(Submit(badTif)));
        var badStp = Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, 100, 1, stp: (SelfTradePrevention)4);
        Assert.Equal(RejectReason.InvalidSelfTradePrevention, RejectOf(Submit(badStp)));
        var postOnlyIoc = Command.PlaceLimit(Alice, Instrument, 1, Side.Buy, 100, 1, TimeInForce.Ioc, postOnly: true);
        Assert.Equal(RejectReason.InvalidTimeInForce, RejectOf(Submit(postOnlyIoc)));
    }

    [Fact]
    public void Unknown_command_type_is_rejected() =>
        Assert.Equal(RejectReason.UnknownCommand, RejectOf(Submit(new Command { Type = (CommandType)200 })));
}
