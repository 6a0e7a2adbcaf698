using Exchange.Journal.Format;
using Exchange.Journal.Snapshots;

namespace Exchange.Replication.Tests;

/// <summary>A standby receiving a snapshot refuses what is out of order, of an unknown kind or damaged, and leaves nothing half-written behind.</summary>
public sealed class SnapshotReceptionTests : IDisposable
{
    private readonly string _snapshots = Path.Combine(Path.GetTempPath(), "exchange-reception-" + Guid.NewGuid().ToString("N"));

    private byte[] SnapshotBytes(long sequence)
    {
        var path = Path.Combine(_snapshots, "source", SnapshotStore.FileName(sequence));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        SnapshotStore.WriteFile(path, sequence, 1_000, 0x42, new ChainPoint(sequence, ChainValue.Next(default, [1, 2, 3])), [4, 5, 6, 7]);
        return File.ReadAllBytes(path);
    }

    private string[] Incoming() => Directory.Exists(Path.Combine(_snapshots, "incoming")) ? Directory.GetFiles(Path.Combine(_snapshots, "incoming")) : [];

    [Fact]
    public void A_whole_snapshot_in_order_is_checked_and_kept_under_its_own_name()
    {
        var bytes = SnapshotBytes(500);
        using var reception = new SnapshotReception(_snapshots);
        reception.Write(ReplicationProtocol.SnapshotFileKind.State, 0, bytes.AsSpan(0, 10));
        reception.Write(ReplicationProtocol.SnapshotFileKind.State, 10, bytes.AsSpan(10));
        var path = reception.Complete(500);
        Assert.Equal(SnapshotStore.FileName(500), Path.GetFileName(path));
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_chunk_out_of_order_or_of_an_unknown_kind_ends_the_transfer_and_leaves_nothing()
    {
        var bytes = SnapshotBytes(500);
        using (var reception = new SnapshotReception(_snapshots))
        {
            reception.Write(ReplicationProtocol.SnapshotFileKind.State, 0, bytes.AsSpan(0, 10));
            Assert.Throws<ReplicationProtocolException>(() => reception.Write(ReplicationProtocol.SnapshotFileKind.State, 20, bytes.AsSpan(20)));
            Assert.Throws<ReplicationProtocolException>(() => reception.Write((ReplicationProtocol.SnapshotFileKind)9, 0, bytes));
        }

        Assert.Empty(Incoming());
    }

    [Fact]
    public void A_damaged_snapshot_or_one_of_another_sequence_is_refused_with_the_reason()
    {
        var bytes = SnapshotBytes(500);
        bytes[^1] ^= 0xFF; // the state's last byte: its CRC no longer matches
        using (var reception = new SnapshotReception(_snapshots))
        {
            reception.Write(ReplicationProtocol.SnapshotFileKind.State, 0, bytes);
            var damaged = Assert.Throws<InvalidDataException>(() => reception.Complete(500));
            Assert.Contains("does not pass its checks", damaged.Message, StringComparison.Ordinal);
        }

        using (var reception = new SnapshotReception(_snapshots))
        {
            reception.Write(ReplicationProtocol.SnapshotFileKind.State, 0, SnapshotBytes(600));
            var other = Assert.Throws<InvalidDataException>(() => reception.Complete(500));
            Assert.Contains("it holds sequence 600", other.Message, StringComparison.Ordinal);
        }

        Assert.Empty(Incoming()); // refused files are gone
        Assert.Throws<ReplicationProtocolException>(() => new SnapshotReception(_snapshots).Complete(500)); // an end with no bytes
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_snapshots, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
