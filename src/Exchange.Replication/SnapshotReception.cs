using Exchange.Journal.Snapshots;

namespace Exchange.Replication;

/// <summary>
/// Catch-up by snapshot, the standby's side: writes the chunks of the primary's snapshot (and of its read
/// models) in order into <c>snapshots/incoming/</c>, and when the primary says it is whole, makes the
/// files durable and checks the snapshot (header, CRC, chain binding) before anyone installs it.
/// </summary>
internal sealed class SnapshotReception(string snapshotDirectory) : IDisposable
{
    private readonly string _folder = Path.Combine(snapshotDirectory, "incoming");
    private FileStream? _state;
    private FileStream? _models;

    public long Bytes { get; private set; }

    public void Write(ReplicationProtocol.SnapshotFileKind kind, long offset, ReadOnlySpan<byte> bytes)
    {
        var file = kind switch
        {
            ReplicationProtocol.SnapshotFileKind.State => _state ??= Create("receiving.snapshot"),
            ReplicationProtocol.SnapshotFileKind.ReadModels => _models ??= Create(SinkStateFile.PathFor("receiving.snapshot")),
            _ => throw new ReplicationProtocolException($"a snapshot chunk of unknown kind {(byte)kind}"),
        };
        if (offset != file.Length)
        {
            throw new ReplicationProtocolException($"a snapshot chunk at offset {offset} where {file.Length} was expected");
        }

        file.Write(bytes);
        Bytes += bytes.Length;
    }

    /// <summary>Makes the files durable under the snapshot's own name and checks it; returns its path.</summary>
    public string Complete(long sequence)
    {
        if (_state is null)
        {
            throw new ReplicationProtocolException("a snapshot ended without any of its bytes");
        }

        var path = Path.Combine(_folder, SnapshotStore.FileName(sequence));
        Close(ref _models, SinkStateFile.PathFor(path));
        Close(ref _state, path);
        if (!SnapshotStore.TryLoad(path, out var snapshot, out var error) || snapshot.Header.LastSequence != sequence)
        {
            File.Delete(path); // nothing refused stays behind to be mistaken for a sound one
            File.Delete(SinkStateFile.PathFor(path));
            throw new InvalidDataException($"the primary's snapshot at sequence {sequence} does not pass its checks: {error ?? $"it holds sequence {snapshot.Header.LastSequence}"}");
        }

        return path;
    }

    private FileStream Create(string name)
    {
        Directory.CreateDirectory(_folder);
        return new FileStream(Path.Combine(_folder, name), FileMode.Create, FileAccess.ReadWrite, FileShare.None);
    }

    private static void Close(ref FileStream? file, string to)
    {
        if (file is null)
        {
            return;
        }

        file.Flush(flushToDisk: true);
        var from = file.Name;
        file.Dispose();
        file = null;
        File.Move(from, to, overwrite: true);
    }

    /// <summary>An unfinished transfer leaves nothing behind.</summary>
    public void Dispose()
    {
        foreach (var file in new[] { _state, _models })
        {
            if (file is not null)
            {
                var name = file.Name;
                file.Dispose();
                File.Delete(name);
            }
        }

        _state = _models = null;
    }
}
