using Exchange.Core.Commands;
using Exchange.Core.Orders;
using Exchange.Testing;

namespace Exchange.Journal.Tests;

/// <summary>One of every command type with non-default values in every field it uses, stamped 1..N.</summary>
public static class SampleCommands
{
    /// <summary>
    /// <see cref="All"/> followed by one of each advanced order (the fields of layout v2) and a time
    /// tick, stamped 1..N: what the version 2 fixture holds.
    /// </summary>
    public static Command[] WithAdvanced()
    {
        var list = new List<Command>(All());
        list.Add(Command.PlaceStop(1_000, 1, 11, Side.Buy, 10_100, 5, protectionPrice: 10_200, TimeInForce.Gtc, SelfTradePrevention.CancelAggressor));
        list.Add(Command.PlaceStopLimit(1_000, 1, 12, Side.Sell, 9_900, 9_890, 10, TimeInForce.Day, displayQuantity: 5));
        list.Add(Command.PlaceIceberg(1_000, 1, 13, Side.Buy, 9_800, 50, 10, postOnly: true));
        list.Add(Command.PlaceLimit(1_000, 1, 14, Side.Sell, 10_300, 15).GoodTill(1_800_000_000_000_000_000));
        list.Add(Command.PlaceQuoteAmount(1_000, 1, 15, 1_234_567, limitPrice: 10_050, maxQuantity: 25));
        list.Add(Command.Replace(1_000, 1, 0, 10, newStopPrice: 10_110));
        list.Add(Command.TimeTick());
        return Stamp(list);
    }

    public static Command[] All(int repeat = 1)
    {
        var list = new List<Command>();
        for (var r = 0; r < repeat; r++)
        {
            list.Add(Command.AddInstrument(Specs.BtcUsd(makerFeeBps: 3, takerFeeBps: 7, bandTicks: 9, bandBps: 11) with { Id = 1 + r, Symbol = $"BTC-USD-{r}-€" }));
            list.Add(Command.AddAccount(1_000 + r));
            list.Add(Command.Deposit(1_000 + r, Specs.Usd, 123_456_789));
            list.Add(Command.Withdraw(1_000 + r, Specs.Usd, 42));
            list.Add(Command.PlaceLimit(1_000 + r, 1, long.MaxValue - r, Side.Sell, 10_010, 55, TimeInForce.Fok, SelfTradePrevention.DecrementAndCancel, postOnly: true));
            list.Add(Command.PlaceMarket(1_000 + r, 1, 77, Side.Buy, 5, protectionPrice: 10_500, SelfTradePrevention.CancelBoth));
            list.Add(Command.Cancel(1_000 + r, 99));
            list.Add(Command.CancelByClientId(1_000 + r, 98));
            list.Add(Command.Replace(1_000 + r, 97, 9_990, 15));
            list.Add(Command.MassCancel(1_000 + r, 1));
            list.Add(Command.Halt(1));
            list.Add(Command.Resume(1));
        }

        return Stamp(list);
    }

    private static Command[] Stamp(List<Command> list)
    {
        for (var i = 0; i < list.Count; i++)
        {
            var c = list[i];
            c.Sequence = i + 1;
            c.Timestamp = 1_700_000_000_000_000_000 + (i * 1_000);
            list[i] = c;
        }

        return [.. list];
    }
}
