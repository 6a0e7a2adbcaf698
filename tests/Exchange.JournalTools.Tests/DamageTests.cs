using Exchange.Journal;
using Exchange.Journal.Format;

namespace Exchange.JournalTools.Tests;

public sealed class DamageTests : IDisposable
{
    private readonly ToolFixture _data = new();

    public void Dispose() => _data.Dispose();

    private string LastSegment => JournalDirectory.Segments(_data.JournalPath)[^1];

    private string FirstSegment => JournalDirectory.Segments(_data.JournalPath)[0];

    [Fact]
    public void Intact_journal_verifies_with_exit_0()
    {
        var (exit, output, _) = ToolFixture.Run("verify", _data.Path);
        Assert.Equal(0, exit);
        Assert.Contains("intact", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Torn_tail_is_reported_as_such_with_exit_4_and_repair_cuts_it_after_a_backup()
    {
        var segment = LastSegment;
        var length = new FileInfo(segment).Length;
        using (var file = new FileStream(segment, FileMode.Open))
        {
            file.SetLength(length - 7);
        }

        var (exit, output, _) = ToolFixture.Run("verify", _data.Path);
        Assert.Equal(4, exit);
        Assert.Contains("torn-tail: " + Path.GetFileName(segment), output, StringComparison.Ordinal);

        var repair = ToolFixture.Run("repair", _data.Path, "--truncate-torn-tail");
        Assert.Equal(0, repair.Exit);
        Assert.Single(Directory.GetFiles(_data.JournalPath, "*.bak"));
        Assert.Equal(length - 7, new FileInfo(Directory.GetFiles(_data.JournalPath, "*.bak")[0]).Length);
        Assert.Equal(0, ToolFixture.Run("verify", _data.Path).Exit);
        Assert.Contains("nothing to repair", ToolFixture.Run("repair", _data.Path, "--truncate-torn-tail").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_record_is_exit_3_naming_file_offset_and_sequence_and_repair_refuses()
    {
        var segment = FirstSegment;
        var bytes = File.ReadAllBytes(segment);
        bytes[SegmentHeader.Size + RecordHeader.Size + 2] ^= 0x11;
        File.WriteAllBytes(segment, bytes);

        var (exit, output, _) = ToolFixture.Run("verify", _data.Path);
        Assert.Equal(3, exit);
        Assert.Contains($"corrupt: {Path.GetFileName(segment)} offset {SegmentHeader.Size} sequence 1", output, StringComparison.Ordinal);
        Assert.Contains("DAMAGED", output, StringComparison.Ordinal);

        var repair = ToolFixture.Run("repair", _data.Path, "--truncate-torn-tail");
        Assert.Equal(3, repair.Exit);
        Assert.Contains("nothing was changed", repair.Error, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(segment));
        Assert.Equal(3, ToolFixture.Run("replay", _data.Path, "--to-seq", "50").Exit); // reads from the start: no snapshot before 50
        Assert.Equal(3, ToolFixture.Run("dump", _data.Path).Exit);
    }

    [Fact]
    public void Sequence_gap_between_segments_is_found()
    {
        File.Delete(JournalDirectory.Segments(_data.JournalPath)[1]);
        var (exit, output, _) = ToolFixture.Run("verify", _data.Path);
        Assert.Equal(3, exit);
        Assert.Contains("expected", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_snapshot_is_found()
    {
        var snapshot = Directory.GetFiles(_data.SnapshotPath)[0];
        var bytes = File.ReadAllBytes(snapshot);
        bytes[^3] ^= 0x01;
        File.WriteAllBytes(snapshot, bytes);
        var (exit, output, _) = ToolFixture.Run("verify", _data.Path, "--format", "json");
        Assert.Equal(3, exit);
        Assert.Contains("corrupt-snapshot", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_journal_and_a_future_version_are_clear_errors()
    {
        var segment = FirstSegment;
        File.WriteAllText(segment, "definitely not a journal segment, but longer than sixty-four bytes of header.....");
        var (exit, output, _) = ToolFixture.Run("verify", _data.Path);
        Assert.Equal(3, exit);
        Assert.Contains("bad magic", output, StringComparison.Ordinal);
        Assert.NotEqual(0, ToolFixture.Run("info", _data.Path).Exit);

        var header = new byte[SegmentHeader.Size];
        new SegmentHeader(7, 0, 1, 0).Write(header);
        File.WriteAllBytes(segment, header);
        Assert.Contains("version 7", ToolFixture.Run("verify", _data.Path).Out, StringComparison.Ordinal);
        var info = ToolFixture.Run("info", _data.Path);
        Assert.NotEqual(0, info.Exit);
        Assert.Contains("version 7", info.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_prints_the_chain_head_and_two_copies_of_one_history_agree_on_it()
    {
        var (exit, output, _) = ToolFixture.Run("verify", _data.Path, "--format", "json");
        Assert.Equal(0, exit);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var head = json.RootElement.GetProperty("chainHead").GetString();
        Assert.Matches("^[0-9a-f]{64}$", head);
        Assert.Equal(_data.Commands.Length, json.RootElement.GetProperty("chainHeadSequence").GetInt64());

        using var copy = new ToolFixture();
        var again = ToolFixture.Run("verify", copy.Path, "--format", "json");
        using var copyJson = System.Text.Json.JsonDocument.Parse(again.Out);
        Assert.Equal(head, copyJson.RootElement.GetProperty("chainHead").GetString());
        Assert.Contains($"chain head     {head}", ToolFixture.Run("verify", _data.Path).Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_length_bit_near_the_tail_is_damage_not_a_torn_tail_and_repair_changes_nothing()
    {
        // The case found from outside: verify called it a torn tail and start-up deleted the
        // acknowledged records after it.
        var segment = LastSegment;
        var bytes = File.ReadAllBytes(segment);
        var offset = SegmentHeader.Size;
        bytes[offset + 1] ^= 0x40;
        File.WriteAllBytes(segment, bytes);

        var (exit, output, _) = ToolFixture.Run("verify", _data.Path);
        Assert.Equal(3, exit);
        Assert.Contains("length", output, StringComparison.Ordinal);
        Assert.Equal(3, ToolFixture.Run("repair", _data.Path, "--truncate-torn-tail").Exit);
        Assert.Equal(bytes, File.ReadAllBytes(segment));
    }

    [Fact]
    public void A_snapshot_beyond_the_journals_end_is_reported_by_verify_and_refused_by_replay()
    {
        File.Delete(JournalDirectory.Segments(_data.JournalPath)[^1]);
        var segments = JournalDirectory.Segments(_data.JournalPath);
        foreach (var later in segments.Skip(1))
        {
            File.Delete(later); // the journal now ends before the snapshot at 100
        }

        var (exit, output, _) = ToolFixture.Run("verify", _data.Path);
        Assert.Equal(3, exit);
        Assert.Contains("foreign-snapshot", output, StringComparison.Ordinal);
        var replay = ToolFixture.Run("replay", _data.Path);
        Assert.Equal(3, replay.Exit);
        Assert.Contains("does not belong to this journal", replay.Error, StringComparison.Ordinal);
    }
}
