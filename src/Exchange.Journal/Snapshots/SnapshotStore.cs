using System.Globalization;
using Exchange.Journal.Format;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Snapshots;

/// <summary>
/// Snapshot files in a folder, named <c>{last sequence, 20 digits}.snapshot</c>. Written to a
/// temporary file, fsynced, renamed into place and the folder fsynced, so a crash leaves either
/// the old set or the new file complete, never a half-written snapshot under a final name.
/// Only the newest <c>keep</c> are kept, each with its read models' file (<see cref="SinkStateFile"/>) if it has one.
/// </summary>
public sealed class SnapshotStore(string directory, int keep = 3)
{
    public const string Extension = ".snapshot";

    public string Directory { get; } = directory;

    /// <summary>
    /// Writes a snapshot of <paramref name="state"/> as of <paramref name="lastSequence"/>, bound to the journal by
    /// <paramref name="chain"/>, and first, beside it, the read models' state <paramref name="sinks"/> at the same
    /// sequence (<see cref="SinkStateFile"/>; null for none); returns its path.
    /// </summary>
    public string Write(long lastSequence, long lastTimestamp, ulong stateHash, ChainPoint chain, ReadOnlySpan<byte> state,
        IReadOnlyList<KeyValuePair<string, byte[]>>? sinks = null)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, FileName(lastSequence));
        if (sinks is not null)
        {
            SinkStateFile.Write(SinkStateFile.PathFor(path), lastSequence, sinks);
        }

        WriteFile(path, lastSequence, lastTimestamp, stateHash, chain, state);
        Prune();
        return path;
    }

    /// <summary>
    /// Writes one snapshot file at <paramref name="path"/> (temp file, fsync, rename, folder fsync).
    /// <paramref name="chain"/> is the journal's chain value at a batch boundary at or before <paramref name="lastSequence"/>.
    /// </summary>
    public static void WriteFile(string path, long lastSequence, long lastTimestamp, ulong stateHash, ChainPoint chain, ReadOnlySpan<byte> state)
    {
        if (chain.Sequence > lastSequence)
        {
            throw new ArgumentException($"The chain point {chain.Sequence} is after the snapshot's sequence {lastSequence}.", nameof(chain));
        }

        var temporary = path + ".tmp";
        var header = new byte[SnapshotHeader.Size];
        new SnapshotHeader(SnapshotHeader.CurrentVersion, lastSequence, lastTimestamp, stateHash, state.Length, Checksum.Of(state), chain.Sequence, chain.Value).Write(header);
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            file.Write(header);
            file.Write(state);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>The last sequence a snapshot file's name gives (its read-model file's too).</summary>
    /// <summary>The file name of the snapshot after <paramref name="lastSequence"/>.</summary>
    public static string FileName(long lastSequence) => lastSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    public static long SequenceOf(string path) => long.Parse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Snapshot files, newest first.</summary>
    public IReadOnlyList<string> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        var files = System.IO.Directory.GetFiles(Directory, "*" + Extension);
        Array.Sort(files, (a, b) => string.CompareOrdinal(b, a));
        return files;
    }

    /// <summary>Every snapshot that passes its checks, newest first; every one skipped is reported to <paramref name="skipped"/> with the reason.</summary>
    public IReadOnlyList<Snapshot> LoadAllValid(Action<string, string>? skipped = null)
    {
        var valid = new List<Snapshot>();
        foreach (var path in List())
        {
            if (TryLoad(path, out var snapshot, out var error))
            {
                valid.Add(snapshot);
            }
            else
            {
                skipped?.Invoke(path, error!);
            }
        }

        return valid;
    }

    public static bool TryLoad(string path, out Snapshot snapshot, out string? error)
    {
        snapshot = null!;
        var bytes = File.ReadAllBytes(path);
        if (!SnapshotHeader.TryRead(bytes, out var header, out error))
        {
            return false;
        }

        if (header.StateLength != bytes.Length - header.HeaderSize)
        {
            error = $"state length {header.StateLength} does not match the file ({bytes.Length - header.HeaderSize} bytes after the header)";
            return false;
        }

        var state = bytes[header.HeaderSize..];
        if (Checksum.Of(state) != header.StateCrc)
        {
            error = "snapshot state CRC mismatch";
            return false;
        }

        snapshot = new Snapshot(path, header, state);
        return true;
    }

    private void Prune()
    {
        var files = List();
        for (var i = keep; i < files.Count; i++)
        {
            try
            {
                File.Delete(SinkStateFile.PathFor(files[i])); // no error when there is none
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // still mapped by a read model (Windows refuses to delete a mapped file): both stay until a later snapshot's pruning
            }

            File.Delete(files[i]);
        }
    }
}
