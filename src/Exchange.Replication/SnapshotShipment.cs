using Exchange.Journal.Snapshots;

namespace Exchange.Replication;

/// <summary>
/// Catch-up by snapshot, the primary's side: a standby far behind is sent the primary's newest sound
/// snapshot (and the read models saved with it) in chunks instead of every journal batch in between,
/// so its catch-up costs one state transfer and a short journal tail, not a replay of the whole gap.
/// </summary>
internal static class SnapshotShipment
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>
    /// Sends the newest sound snapshot after <paramref name="standbyEnd"/> bound to the journal's chain,
    /// then <see cref="FrameType.SnapshotEnd"/>; null when there is none to send (the journal is sent instead).
    /// </summary>
    public static (string Path, long Sequence, long Bytes)? TrySend(FrameLink link, long epoch, string snapshotDirectory, long standbyEnd)
    {
        foreach (var path in new SnapshotStore(snapshotDirectory).List()) // newest first
        {
            if (SnapshotStore.SequenceOf(path) <= standbyEnd)
            {
                return null;
            }

            if (!SnapshotStore.TryLoad(path, out var snapshot, out _) || !snapshot.Header.IsBound || snapshot.Header.ChainSequence != snapshot.Header.LastSequence)
            {
                continue; // damaged, or not bound to a batch boundary of the chain: an older one may do
            }

            FileStream state;
            try
            {
                state = Open(path);
            }
            catch (FileNotFoundException)
            {
                continue; // pruned meanwhile
            }

            long bytes;
            using (state)
            {
                bytes = Send(link, epoch, ReplicationProtocol.SnapshotFileKind.State, state);
            }

            var readModels = SinkStateFile.PathFor(path);
            if (File.Exists(readModels))
            {
                try
                {
                    using var models = Open(readModels);
                    bytes += Send(link, epoch, ReplicationProtocol.SnapshotFileKind.ReadModels, models);
                }
                catch (FileNotFoundException)
                {
                    // pruned with its snapshot meanwhile: the standby starts its read models from the snapshot's sequence
                }
            }

            link.SendSnapshotEnd(epoch, snapshot.Header.LastSequence);
            return (path, snapshot.Header.LastSequence, bytes);
        }

        return null;
    }

    // Delete shared: the snapshot store may prune the file while it is read; the open handle still reads it whole.
    private static FileStream Open(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);

    private static long Send(FrameLink link, long epoch, ReplicationProtocol.SnapshotFileKind kind, FileStream file)
    {
        var buffer = new byte[ChunkBytes];
        long offset = 0;
        int read;
        while ((read = file.Read(buffer)) > 0)
        {
            link.SendSnapshotChunk(epoch, kind, offset, buffer.AsSpan(0, read));
            offset += read;
        }

        return offset;
    }
}
