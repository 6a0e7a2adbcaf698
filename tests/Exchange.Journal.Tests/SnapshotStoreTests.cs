using Exchange.Journal.Snapshots;

namespace Exchange.Journal.Tests;

public sealed class SnapshotStoreTests
{
    private static byte[] State(int seed) => [.. Enumerable.Range(0, 1_000).Select(i => (byte)(i * seed))];

    [Fact]
    public void Snapshots_load_newest_first_with_their_headers()
    {
        using var dir = new TempJournal();
        var store = new SnapshotStore(dir.Path);
        store.Write(10, 1_000, 0xABCDEF, default, State(3));
        store.Write(20, 2_000, 0x123456, default, State(5));
        var snapshot = store.LoadAllValid()[0];
        Assert.Equal(20, snapshot.Header.LastSequence);
        Assert.Equal(2_000, snapshot.Header.LastTimestamp);
        Assert.Equal(0x123456UL, snapshot.Header.StateHash);
        Assert.Equal(State(5), snapshot.State);
        Assert.Equal([20L, 10L], store.LoadAllValid().Select(s => s.Header.LastSequence));
    }

    [Fact]
    public void Only_the_last_k_are_kept_and_no_temporary_file_remains()
    {
        using var dir = new TempJournal();
        var store = new SnapshotStore(dir.Path, keep: 2);
        for (var i = 1; i <= 5; i++)
        {
            store.Write(i * 100, i, (ulong)i, default, State(i));
        }

        Assert.Equal(2, store.List().Count);
        Assert.EndsWith("00000000000000000500.snapshot", store.List()[0], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void A_snapshot_failing_its_crc_is_skipped_for_the_previous_one_with_a_warning()
    {
        using var dir = new TempJournal();
        var store = new SnapshotStore(dir.Path);
        store.Write(10, 1, 1, default, State(3));
        var newest = store.Write(20, 2, 2, default, State(5));
        var bytes = File.ReadAllBytes(newest);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(newest, bytes);

        var warnings = new List<(string Path, string Reason)>();
        var snapshot = Assert.Single(store.LoadAllValid((path, reason) => warnings.Add((path, reason))));
        Assert.Equal(10, snapshot.Header.LastSequence);
        var warning = Assert.Single(warnings);
        Assert.Equal(newest, warning.Path);
        Assert.Contains("CRC", warning.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_or_foreign_files_are_skipped_with_reasons()
    {
        using var dir = new TempJournal();
        var store = new SnapshotStore(dir.Path);
        var path = store.Write(10, 1, 1, default, State(3));
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..100]);
        File.WriteAllText(Path.Combine(dir.Path, "00000000000000000011.snapshot"), "not a snapshot at all, but long enough for a header of 64 bytes..");
        var reasons = new List<string>();
        Assert.Empty(store.LoadAllValid((_, reason) => reasons.Add(reason)));
        Assert.Equal(2, reasons.Count);
        Assert.Contains(reasons, r => r.Contains("bad magic", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("length", StringComparison.Ordinal));
    }
}
