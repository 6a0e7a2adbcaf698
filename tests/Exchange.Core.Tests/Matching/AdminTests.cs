using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Instruments;
using Exchange.Core.Orders;
using Exchange.Testing;

namespace Exchange.Core.Tests.Matching;

public sealed class AdminTests : EngineFixture
{
    [Fact]
    public void Duplicate_instrument_is_rejected() =>
        Assert.Equal(RejectReason.DuplicateInstrument, RejectOf(Submit(Command.AddInstrument(Specs.Plain()))));

    [Fact]
    public void Invalid_instrument_specs_are_rejected()
    {
        var good = Specs.Plain(5, Specs.Eth);
        InstrumentSpec[] bad =
        [
            good with { TickSize = 0 }, good with { LotSize = -1 }, good with { MinQuantity = 0 },
            good with { MaxQuantity = 0 }, good with { BaseAsset = good.QuoteAsset }, good with { StartPrice = 0 },
            good with { StartPrice = 101, TickSize = 10 }, good with { TakerFeeBps = 10_001 }, good with { MakerFeeBps = -1 },
            good with { Symbol = " " }, good with { Id = 0 }, good with { BaseAsset = 5_000 }, good with { PriceBandBps = -1 },
        ];
        foreach (var spec in bad)
        {
            Assert.Equal(RejectReason.InvalidInstrumentSpec, RejectOf(Submit(Command.AddInstrument(spec))));
        }

        Assert.Equal(RejectReason.InvalidInstrumentSpec, RejectOf(Submit(new Command { Type = CommandType.AddInstrument })));
        Assert.Equal(EventType.InstrumentAdded, Submit(Command.AddInstrument(good))[0].Type);
    }

    [Fact]
    public void Halt_and_resume_emit_events_and_reject_repeats()
    {
        Assert.Equal(EventType.InstrumentHalted, Submit(Command.Halt(Instrument))[0].Type);
        Assert.Equal(RejectReason.InstrumentAlreadyHalted, RejectOf(Submit(Command.Halt(Instrument))));
        Assert.Equal(EventType.InstrumentResumed, Submit(Command.Resume(Instrument))[0].Type);
        Assert.Equal(RejectReason.InstrumentNotHalted, RejectOf(Submit(Command.Resume(Instrument))));
        Assert.Equal(RejectReason.UnknownInstrument, RejectOf(Submit(Command.Halt(77))));
    }

    [Fact]
    public void Accounts_must_be_new_and_positive()
    {
        Assert.Equal(RejectReason.DuplicateAccount, RejectOf(Submit(Command.AddAccount(Alice))));
        Assert.Equal(RejectReason.InvalidAccount, RejectOf(Submit(Command.AddAccount(0))));
    }

    [Fact]
    public void Deposit_and_withdraw_change_available_balance()
    {
        var deposit = OnlyOne(Submit(Command.Deposit(Alice, Specs.Eth, 500)), EventType.BalanceChanged);
        Assert.Equal((500L, 0L), (deposit.Available, deposit.Held));
        var withdraw = OnlyOne(Submit(Command.Withdraw(Alice, Specs.Eth, 200)), EventType.BalanceChanged);
        Assert.Equal(300, withdraw.Available);
        Assert.Equal(300, Exchange.Engine.TotalSupply(Specs.Eth));
    }

    [Fact]
    public void Withdraw_that_would_go_negative_or_touch_held_funds_is_rejected()
    {
        Rest(Alice, Side.Sell, 100, 600);
        Assert.Equal(RejectReason.InsufficientBalance, RejectOf(Submit(Command.Withdraw(Alice, Specs.Btc, 401))));
        Assert.Equal(EventType.BalanceChanged, Submit(Command.Withdraw(Alice, Specs.Btc, 400))[0].Type);
    }

    [Fact]
    public void Bad_transfers_are_rejected()
    {
        Assert.Equal(RejectReason.UnknownAccount, RejectOf(Submit(Command.Deposit(99, Specs.Usd, 1))));
        Assert.Equal(RejectReason.InvalidAsset, RejectOf(Submit(Command.Deposit(Alice, 0, 1))));
        Assert.Equal(RejectReason.InvalidAsset, RejectOf(Submit(Command.Deposit(Alice, 2_000, 1))));
        Assert.Equal(RejectReason.InvalidAmount, RejectOf(Submit(Command.Deposit(Alice, Specs.Usd, 0))));
        Assert.Equal(RejectReason.InvalidAmount, RejectOf(Submit(Command.Withdraw(Alice, Specs.Usd, -5))));
        Assert.Equal(RejectReason.BalanceOverflow, RejectOf(Submit(Command.Deposit(Alice, Specs.Usd, long.MaxValue))));
    }
}
