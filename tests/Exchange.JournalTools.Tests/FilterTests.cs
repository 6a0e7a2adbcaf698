using Exchange.Core.Events;

namespace Exchange.JournalTools.Tests;

/// <summary>
/// The operator's filters: an instrument by symbol or id and an account on dump, events, trades and
/// replay; <c>book</c> for one instrument at a point; symbols printed beside ids.
/// </summary>
public sealed class FilterTests : IDisposable
{
    private readonly ToolFixture _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Trades_of_one_instrument_by_symbol_are_exactly_those_of_its_id_with_the_symbol_printed()
    {
        var all = Lines(ToolFixture.Run("trades", _data.Path).Out).Skip(1).ToList();
        var expected = all.Where(l => l.Split(',')[3] == "2").ToList();
        var filtered = ToolFixture.Run("trades", _data.Path, "--instrument", "pln-usd");
        Assert.Equal(0, filtered.Exit);
        var lines = Lines(filtered.Out).ToList();
        Assert.Equal("trade_id,sequence,time,instrument,symbol,price,quantity,taker_side,taker_order,taker_account,maker_order,maker_account,taker_fee,maker_fee", lines[0]);
        Assert.Equal(expected, lines.Skip(1));
        Assert.All(lines.Skip(1), l => Assert.Equal("PLN-USD", l.Split(',')[4]));
        Assert.NotEqual(all.Count, expected.Count); // the filter removed something: both instruments trade in this journal
    }

    [Fact]
    public void Events_of_one_account_are_its_own_and_the_trades_it_made_on_either_side()
    {
        var (_, events) = _data.Apply(_data.Commands.Length);
        var expected = events.Count(e => e.AccountId == 3 || (e.Type == EventType.TradeExecuted && e.MakerAccountId == 3));
        var run = ToolFixture.Run("events", _data.Path, "--account", "3", "--format", "json");
        Assert.Equal(0, run.Exit);
        Assert.Equal(expected, Lines(run.Out).Count());
        Assert.True(expected > 0);

        // The same by time: the whole journal's day.
        Assert.Equal(expected, Lines(ToolFixture.Run("events", _data.Path, "--account", "3", "--from-time", "2026-01-01T00:00:00Z", "--to-time", "2026-01-01T23:59:59Z").Out).Count());
    }

    [Fact]
    public void Assets_are_named_by_the_instrument_symbols_that_trade_them_in_events_dumps_and_replays()
    {
        // FEE-USD trades asset 1 for 2, PLN-USD asset 3 for 2: the journal has no asset symbols of its own.
        var events = ToolFixture.Run("events", _data.Path, "--account", "3", "--format", "json");
        var balances = Lines(events.Out).Where(l => l.Contains("\"BalanceChanged\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(balances);
        Assert.All(balances, l => Assert.Matches("\"asset\":1,.*\"assetSymbol\":\"FEE\"|\"asset\":2,.*\"assetSymbol\":\"USD\"|\"asset\":3,.*\"assetSymbol\":\"PLN\"", l));

        var deposits = Lines(ToolFixture.Run("dump", _data.Path, "--type", "Deposit").Out).ToList();
        Assert.Contains(deposits, l => l.Contains(" asset=2 ", StringComparison.Ordinal) && l.EndsWith(" assetSymbol=USD", StringComparison.Ordinal));

        var replay = ToolFixture.Run("replay", _data.Path, "--account", "3");
        Assert.Equal(0, replay.Exit);
        Assert.Matches(@"asset 2 +USD +available", replay.Out);
        Assert.Matches(@"asset 3 +PLN +available", replay.Out);
    }

    [Fact]
    public void Dump_of_one_instrument_shows_its_symbol_and_its_commands_only()
    {
        var run = ToolFixture.Run("dump", _data.Path, "--instrument", "FEE-USD", "--type", "PlaceOrder");
        Assert.Equal(0, run.Exit);
        var lines = Lines(run.Out).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains(" instrument=1 ", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains(" symbol=FEE-USD", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains(" price=", l, StringComparison.Ordinal)); // shown even when 0 (a market order)
    }

    [Fact]
    public void Book_shows_one_instrument_at_a_point_in_l2_or_l3()
    {
        var l2 = ToolFixture.Run("book", _data.Path, "--instrument", "FEE-USD", "--to-seq", "150");
        Assert.Equal(0, l2.Exit);
        Assert.Contains("FEE-USD (instrument 1", l2.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("PLN-USD", l2.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("account ", l2.Out, StringComparison.Ordinal);
        Assert.Contains("last sequence  150", l2.Out, StringComparison.Ordinal);

        var l3 = ToolFixture.Run("book", _data.Path, "--instrument", "1", "--to-time", "2026-01-01T00:00:00.149Z", "--orders");
        Assert.Equal(0, l3.Exit);
        Assert.Contains("last sequence  150", l3.Out, StringComparison.Ordinal);
        Assert.Contains("        order ", l3.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_instrument_is_named_with_the_ones_the_journal_lists()
    {
        foreach (var command in new[] { "trades", "events", "dump", "book", "replay" })
        {
            var run = ToolFixture.Run(command, _data.Path, "--instrument", "NOPE");
            Assert.Equal(1, run.Exit);
            Assert.Contains("no instrument 'NOPE' in this journal (it lists FEE-USD (1), PLN-USD (2))", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_replay_too_short_to_measure_prints_no_rate()
    {
        var run = ToolFixture.Run("replay", _data.Path);
        Assert.Contains("+ 118 commands", run.Out, StringComparison.Ordinal); // from the snapshot at 100
        Assert.DoesNotContain("commands/s", run.Out, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r'));
}
