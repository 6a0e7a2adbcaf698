namespace Exchange.JournalTools.Tests;

/// <summary><c>diff</c>: "is this copy of the journal identical to that one?" — with the first sequence where two part.</summary>
public sealed class DiffTests : IDisposable
{
    private readonly ToolFixture _a = new();
    private readonly ToolFixture _copy = new();
    private readonly ToolFixture _shorter = new(commands: 150);
    private readonly ToolFixture _other = new(seed: 7);

    public void Dispose()
    {
        foreach (var fixture in new[] { _a, _copy, _shorter, _other })
        {
            fixture.Dispose();
        }
    }

    [Fact]
    public void Two_copies_of_one_history_are_identical_with_the_same_chain_head()
    {
        var (exit, output, _) = ToolFixture.Run("diff", _a.Path, _copy.Path);
        Assert.Equal(0, exit);
        Assert.Contains("identical: 218 records", output, StringComparison.Ordinal);
        var heads = output.Split('\n').Where(l => l.StartsWith("chain head", StringComparison.Ordinal)).Select(l => l[(l.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].Trim()).ToArray();
        Assert.Equal(2, heads.Length);
        Assert.Equal(heads[0], heads[1]);
    }

    [Fact]
    public void A_journal_that_stops_early_is_identical_up_to_its_end_and_exit_6()
    {
        var (exit, output, _) = ToolFixture.Run("diff", _a.Path, _shorter.Path);
        Assert.Equal(6, exit);
        Assert.Contains($"identical up to sequence 168; {_a.Path} goes on after sequence 168 (from 169); {_shorter.Path} ends there", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diverging_journals_name_the_first_differing_sequence_with_both_records()
    {
        var (exit, output, _) = ToolFixture.Run("diff", _a.Path, _other.Path, "--format", "json");
        Assert.Equal(6, exit);
        Assert.Contains("\"identical\":false", output, StringComparison.Ordinal);
        Assert.Contains("\"identicalUpTo\":18", output, StringComparison.Ordinal); // the 18 set-up commands are the same
        Assert.Contains("sequence 19 differs", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_folder_is_bad_input()
    {
        Assert.Equal(2, ToolFixture.Run("diff", _a.Path, Path.Combine(Path.GetTempPath(), "no-such-journal-folder")).Exit);
    }
}
