namespace Exchange.JournalTools.Tests;

/// <summary>
/// Every command that takes sequences or times refuses the same nonsense the same way (exit 1), and
/// what the journal (218 records from 2026-01-01T00:00:00Z, 1 ms apart) cannot answer with exit 5 and
/// where it starts and ends: a range that misses it, a point outside it; friendly and relative times
/// are read everywhere.
/// </summary>
public sealed class RangeTests : IDisposable
{
    private readonly ToolFixture _data = new();

    public void Dispose() => _data.Dispose();

    public static TheoryData<string, string, int, string> Refusals => new()
    {
        // command, extra arguments (space separated), exit code, what the message says
        { "dump", "--from-seq 10 --to-seq 5", 1, "--from-seq 10 is after --to-seq 5" },
        { "events", "--from-seq 10 --to-seq 5", 1, "--from-seq 10 is after --to-seq 5" },
        { "dump", "--to-seq -3", 1, "--to-seq -3 is out of range (1 to" },
        { "events", "--from-seq -3", 1, "--from-seq -3 is out of range (1 to" },
        { "replay", "--to-seq -3", 1, "--to-seq -3 is out of range (1 to" },
        { "dump", "--to-seq 5 --to-time now", 1, "give --to-seq or --to-time, not both" },
        { "replay", "--to-seq 5 --to-time now", 1, "give --to-seq or --to-time, not both" },
        { "dump", "--from-time next-tuesday", 1, "--from-time 'next-tuesday' is not a time" },
        { "trades", "--to-time 2026-01-01T00:00:00.100Z --from-time 2026-01-01T00:00:00.200Z", 1, "is after --to-time" },
        { "dump", "--from-seq 999999", 5, "--from-seq 999,999 is after the journal ends (the journal holds sequences 1..218" },
        { "events", "--from-seq 300", 5, "--from-seq 300 is after the journal ends" },
        { "replay", "--to-seq 219", 5, "--to-seq 219 is after the journal ends" },
        { "replay", "--to-time -30s", 5, "is after the journal ends" },
        { "trades", "--to-time 2025-12-31T23:59:59Z", 5, "is before the journal starts" },
        { "dump", "--from-time now-1d", 5, "is after the journal ends" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Is_refused_with_its_reason(string command, string arguments, int exit, string reason)
    {
        var run = ToolFixture.Run([command, _data.Path, .. arguments.Split(' ')]);
        Assert.Equal(exit, run.Exit);
        Assert.Contains(reason, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_range_that_reaches_past_the_end_is_clipped_to_the_journal()
    {
        var run = ToolFixture.Run("dump", _data.Path, "--from-seq", "210", "--to-seq", "999999");
        Assert.Equal(0, run.Exit);
        Assert.Equal(9, run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // 210..218
        Assert.Equal(0, ToolFixture.Run("trades", _data.Path, "--from-time", "2026-01-01T00:00:00.100Z", "--to-time", "now").Exit);
    }

    [Fact]
    public void Iso_times_with_offsets_and_nanoseconds_name_the_same_record()
    {
        foreach (var same in new[] { "2026-01-01T00:00:00.119Z", "2026-01-01T01:00:00.119+01:00", "1767225600119000000" })
        {
            var run = ToolFixture.Run("replay", _data.Path, "--to-time", same);
            Assert.Equal(0, run.Exit);
            Assert.Contains("last sequence  120", run.Out, StringComparison.Ordinal);
        }
    }
}
