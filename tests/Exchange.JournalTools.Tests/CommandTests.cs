using System.Text.Json;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Journal;
using Exchange.Journal.Snapshots;

namespace Exchange.JournalTools.Tests;

public sealed class CommandTests : IDisposable
{
    private readonly ToolFixture _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Help_lists_every_command_and_bad_usage_is_exit_1()
    {
        var (exit, output, _) = ToolFixture.Run("--help");
        Assert.Equal(0, exit);
        foreach (var name in new[] { "info", "verify", "dump", "replay", "events", "trades", "snapshot", "repair" })
        {
            Assert.Contains(name + " <data-dir>", output, StringComparison.Ordinal);
        }

        Assert.Equal(1, ToolFixture.Run("dump").Exit);
        Assert.Equal(1, ToolFixture.Run("replay", _data.Path, "--to-seq", "abc").Exit);
        Assert.Equal(1, ToolFixture.Run("frobnicate").Exit);
    }

    [Fact]
    public void Missing_folder_and_folder_without_journal_are_one_line_errors()
    {
        var (exit, _, error) = ToolFixture.Run("info", "/nonexistent/place");
        Assert.Equal(2, exit);
        Assert.Contains("no such folder", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Directory.CreateDirectory(Path.Combine(_data.Path, "empty"));
        Assert.Contains("no journal here", ToolFixture.Run("verify", Path.Combine(_data.Path, "empty")).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_reports_sequences_times_counts_and_sizes()
    {
        var (exit, output, _) = ToolFixture.Run("info", _data.Path, "--format", "json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("firstSequence").GetInt64());
        Assert.Equal(_data.Commands.Length, root.GetProperty("lastSequence").GetInt64());
        Assert.Equal("2026-01-01T00:00:00.0000000Z", root.GetProperty("firstTime").GetString());
        Assert.Equal(_data.Commands.Length, root.GetProperty("records").GetInt64());
        Assert.Equal(_data.Commands.Count(c => c.Type == CommandType.PlaceOrder), root.GetProperty("recordsPerType").GetProperty("PlaceOrder").GetInt64());
        Assert.True(root.GetProperty("segments").GetArrayLength() >= 3);
        Assert.Equal(1, root.GetProperty("snapshots").GetArrayLength());
        Assert.Contains("records        218", ToolFixture.Run("info", _data.Path).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Dump_prints_the_golden_lines()
    {
        var (exit, output, _) = ToolFixture.Run("dump", _data.Path, "--to-seq", "3");
        Assert.Equal(0, exit);
        const string expected =
            "       1  2026-01-01T00:00:00.0000000Z  AddInstrument    instrument={ Id = 1, Symbol = FEE-USD, BaseAsset = 1, QuoteAsset = 2, TickSize = 5, LotSize = 10, MinQuantity = 10, MaxQuantity = 500, StartPrice = 1000, PriceBandTicks = 20, PriceBandBps = 0, MakerFeeBps = 7, TakerFeeBps = 25 }\n" +
            "       2  2026-01-01T00:00:00.0010000Z  AddInstrument    instrument={ Id = 2, Symbol = PLN-USD, BaseAsset = 3, QuoteAsset = 2, TickSize = 1, LotSize = 1, MinQuantity = 1, MaxQuantity = 100, StartPrice = 50, PriceBandTicks = 0, PriceBandBps = 1000, MakerFeeBps = 0, TakerFeeBps = 0 }\n" +
            "       3  2026-01-01T00:00:00.0020000Z  AddAccount       account=1\n";
        Assert.Equal(expected, output.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Dump_filters_by_type_account_and_time_and_writes_json_lines()
    {
        var (exit, output, _) = ToolFixture.Run("dump", _data.Path, "--type", "PlaceOrder", "--account", "2", "--format", "json");
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(_data.Commands.Count(c => c.Type == CommandType.PlaceOrder && c.AccountId == 2), lines.Length);
        Assert.All(lines, l => Assert.Equal(2, JsonDocument.Parse(l).RootElement.GetProperty("account").GetInt64()));

        var from = ToolFixture.StartTime + (50 * ToolFixture.Step);
        var to = ToolFixture.StartTime + (59 * ToolFixture.Step);
        var window = ToolFixture.Run("dump", _data.Path, "--from-time", from.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--to-time", "2026-01-01T00:00:00.059Z").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, window.Length);
        Assert.StartsWith("      51", window[0], StringComparison.Ordinal);
        Assert.StartsWith("      60", window[^1], StringComparison.Ordinal);
        Assert.True(to > from);
    }

    [Theory]
    [InlineData(37)]
    [InlineData(100)]
    [InlineData(150)]
    [InlineData(218)]
    public void Replay_to_a_sequence_equals_the_engine_state_at_that_point(int sequence)
    {
        var (exit, output, _) = ToolFixture.Run("replay", _data.Path, "--to-seq", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var expected = _data.Apply(sequence).Engine;
        Assert.Equal(sequence, json.RootElement.GetProperty("lastSequence").GetInt64());
        Assert.Equal(expected.StateHash().ToString("x16", System.Globalization.CultureInfo.InvariantCulture), json.RootElement.GetProperty("stateHash").GetString());
        Assert.Equal(sequence >= 100 ? 100 : 0, json.RootElement.GetProperty("snapshotSequence").GetInt64());
    }

    [Fact]
    public void Replay_to_a_time_picks_the_right_record_at_the_boundaries()
    {
        string HashAtTime(long time) => JsonDocument.Parse(ToolFixture.Run("replay", _data.Path, "--to-time",
            time.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json").Out).RootElement.GetProperty("lastSequence").GetInt64()
            .ToString(System.Globalization.CultureInfo.InvariantCulture);

        var record120 = ToolFixture.StartTime + (119 * ToolFixture.Step);
        Assert.Equal("120", HashAtTime(record120));
        Assert.Equal("119", HashAtTime(record120 - 1));
        Assert.Equal("120", HashAtTime(record120 + 1));
        Assert.Equal("218", HashAtTime(ToolFixture.StartTime + (217 * ToolFixture.Step))); // the last record's time

        // Before the journal starts or after it ends: a clear message and exit 5, not a silent empty state.
        var before = ToolFixture.Run("replay", _data.Path, "--to-time", (ToolFixture.StartTime - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((5, true), (before.Exit, before.Error.Contains("is before the journal starts (the journal holds sequences 1..218", StringComparison.Ordinal)));
        var after = ToolFixture.Run("replay", _data.Path, "--to-time", "now");
        Assert.Equal((5, true), (after.Exit, after.Error.Contains("is after the journal ends", StringComparison.Ordinal) && after.Error.Contains("--to-seq 218", StringComparison.Ordinal)));
        var text = ToolFixture.Run("replay", _data.Path, "--to-time", "2026-01-01T00:00:00.119Z", "--account", "1", "--orders").Out;
        Assert.Contains("last sequence  120", text, StringComparison.Ordinal);
        Assert.Contains("account 1", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?m)^account 2$", text);
    }

    [Fact]
    public void Archived_segments_are_read_as_part_of_the_journal_by_verify_info_and_replay()
    {
        var headBefore = ToolFixture.Run("verify", _data.Path).Out;
        var segments = Exchange.Journal.JournalDirectory.Segments(_data.JournalPath);
        Assert.True(segments.Count > 2);
        var archived = Exchange.Journal.JournalArchiver.Archive(_data.JournalPath, Exchange.Journal.JournalDirectory.FirstSequenceOf(segments[2]) - 1);
        Assert.Equal(2, archived.Count);

        var (exit, output, _) = ToolFixture.Run("verify", _data.Path);
        Assert.Equal(0, exit);
        Assert.Equal(headBefore, output); // same records, same chain head, the archive boundary crossed
        Assert.Contains(".journal.gz", ToolFixture.Run("info", _data.Path).Out, StringComparison.Ordinal);
        Assert.Contains("records        218", ToolFixture.Run("info", _data.Path).Out, StringComparison.Ordinal);

        // A replay to a point inside the archive, from the first command (the snapshot at 100 is after it).
        using var json = JsonDocument.Parse(ToolFixture.Run("replay", _data.Path, "--to-seq", "20", "--format", "json").Out);
        Assert.Equal(_data.Apply(20).Engine.StateHash().ToString("x16", System.Globalization.CultureInfo.InvariantCulture), json.RootElement.GetProperty("stateHash").GetString());
    }

    [Fact]
    public void Events_for_a_range_match_the_engines_events()
    {
        var (exit, output, _) = ToolFixture.Run("events", _data.Path, "--from-seq", "90", "--to-seq", "130", "--format", "json");
        Assert.Equal(0, exit);
        var expected = _data.Apply(130).Events.Where(e => e.Sequence >= 90).ToList();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var e = JsonDocument.Parse(lines[i]).RootElement;
            Assert.Equal(expected[i].Sequence, e.GetProperty("sequence").GetInt64());
            Assert.Equal(expected[i].Type.ToString(), e.GetProperty("event").GetString());
        }
    }

    [Fact]
    public void Dump_events_and_replay_show_the_advanced_order_fields()
    {
        // The fixture's random stream has stops, icebergs, quote-amount buys and time ticks in it.
        var dump = ToolFixture.Run("dump", _data.Path, "--format", "json").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        int Count(string field) => dump.Count(r => r.TryGetProperty(field, out _));
        Assert.Equal(_data.Commands.Count(c => c.StopPrice != 0), Count("stopPrice"));
        Assert.Equal(_data.Commands.Count(c => c.DisplayQuantity != 0), Count("displayQuantity"));
        Assert.Equal(_data.Commands.Count(c => c.QuoteAmount != 0), Count("quoteAmount"));
        Assert.Equal(_data.Commands.Count(c => c.Type == CommandType.TimeTick), dump.Count(r => r.GetProperty("type").GetString() == "TimeTick"));
        Assert.True(Count("stopPrice") > 0 && Count("displayQuantity") > 0 && Count("quoteAmount") > 0);

        var all = _data.Apply(_data.Commands.Length);
        var events = ToolFixture.Run("events", _data.Path, "--from-seq", "1", "--to-seq", "218", "--format", "json").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(all.Events.Count(e => e.Type == Core.Events.EventType.OrderTriggered), events.Count(e => e.GetProperty("event").GetString() == "OrderTriggered"));
        Assert.Equal(all.Events.Count(e => e.StopPrice != 0), events.Count(e => e.TryGetProperty("stopPrice", out _)));

        // A point in the journal where stops wait unfired; replay there lists each of them.
        static int Armed(Core.Matching.MatchingEngine engine) => engine.GetAccountIds().SelectMany(engine.GetOpenOrders).Count(o => o.IsArmedStop);
        var at = Enumerable.Range(1, _data.Commands.Length).First(n => Armed(_data.Apply(n).Engine) > 0);
        var armed = Armed(_data.Apply(at).Engine);
        var replay = ToolFixture.Run("replay", _data.Path, "--to-seq", at.ToString(System.Globalization.CultureInfo.InvariantCulture)).Out;
        Assert.Equal(armed, replay.Split('\n').Count(l => l.Contains("(not fired)", StringComparison.Ordinal)));
    }

    [Fact]
    public void Trades_export_as_csv_and_json_lines_with_time_filters()
    {
        var trades = _data.Apply(_data.Commands.Length).Events.Where(e => e.Type == EventType.TradeExecuted).ToList();
        Assert.NotEmpty(trades);
        var csv = ToolFixture.Run("trades", _data.Path).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("trade_id,", csv[0], StringComparison.Ordinal);
        Assert.Equal(trades.Count, csv.Length - 1);
        Assert.StartsWith($"{trades[0].TradeId},{trades[0].Sequence},", csv[1], StringComparison.Ordinal);

        var from = ToolFixture.StartTime + (150 * ToolFixture.Step);
        var late = ToolFixture.Run("trades", _data.Path, "--format", "json", "--from-time", from.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(trades.Count(t => t.Sequence >= 151), late.Length);
    }

    [Fact]
    public void Snapshot_at_a_sequence_writes_a_loadable_file()
    {
        var file = Path.Combine(_data.Path, "at-77.snapshot");
        var (exit, _, _) = ToolFixture.Run("snapshot", _data.Path, "--at-seq", "77", "--out", file);
        Assert.Equal(0, exit);
        Assert.True(SnapshotStore.TryLoad(file, out var snapshot, out _));
        Assert.Equal(77, snapshot.Header.LastSequence);
        Assert.Equal(_data.Apply(77).Engine.StateHash(), MatchingEngine.LoadState(snapshot.State).StateHash());
        Assert.Equal(2, ToolFixture.Run("snapshot", _data.Path, "--at-seq", "9999", "--out", file).Exit);
    }

    [Fact]
    public void Snapshot_into_a_folder_or_a_missing_folder_is_a_clear_error_not_a_stack_trace()
    {
        var missing = Path.Combine(_data.Path, "no-such-folder", "x.snapshot");
        foreach (var (target, reason) in new[] { (_data.Path, "is a folder"), (missing, "does not exist") })
        {
            var (exit, output, error) = ToolFixture.Run("snapshot", _data.Path, "--at-seq", "77", "--out", target);
            Assert.Equal(2, exit);
            Assert.Contains(reason, error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }
}
