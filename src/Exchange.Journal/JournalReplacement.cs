using Exchange.Journal.Format;
using Exchange.Journal.Snapshots;
using Exchange.Journal.Writing;

namespace Exchange.Journal;

/// <summary>
/// Replaces a node's whole history with a snapshot received from its primary: what a standby too far
/// behind does instead of replaying every batch in between. Nothing is deleted: the journal folder and
/// the snapshot folder move, whole, to <c>replaced-histories/{time}/</c> beside them; the snapshot (and
/// its read models) becomes the only one, and a journal that starts after it (a header carrying the
/// snapshot's chain value) takes the old one's place, so the chain goes on unbroken from the primary's.
/// </summary>
public static class JournalReplacement
{
    public const string Folder = "replaced-histories";

    /// <summary>Installs <paramref name="receivedSnapshot"/> (a checked snapshot file, with its read-model file beside it if any); returns where the old history went.</summary>
    /// <exception cref="InvalidDataException">The snapshot fails its checks or is not bound to a batch boundary of the chain.</exception>
    public static string ReplaceWithSnapshot(string journalDirectory, string snapshotDirectory, string receivedSnapshot)
    {
        if (!SnapshotStore.TryLoad(receivedSnapshot, out var snapshot, out var error))
        {
            throw new InvalidDataException($"received snapshot {receivedSnapshot}: {error}");
        }

        var header = snapshot.Header;
        if (!header.IsBound || header.ChainSequence != header.LastSequence)
        {
            throw new InvalidDataException($"received snapshot {receivedSnapshot} is not bound to a batch boundary of the journal's chain");
        }

        var data = Path.GetDirectoryName(Path.GetFullPath(journalDirectory))!;
        var aside = Path.Combine(data, Folder, DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(aside);

        // The received files first leave the snapshot folder that is about to move.
        var staged = Path.Combine(aside, "received");
        Directory.CreateDirectory(staged);
        var stagedSnapshot = Path.Combine(staged, Path.GetFileName(receivedSnapshot));
        File.Move(receivedSnapshot, stagedSnapshot);
        var readModels = SinkStateFile.PathFor(receivedSnapshot);
        var stagedModels = SinkStateFile.PathFor(stagedSnapshot);
        var hasModels = File.Exists(readModels);
        if (hasModels)
        {
            File.Move(readModels, stagedModels);
        }

        DirectorySync.Flush(staged);
        if (Directory.Exists(journalDirectory))
        {
            Directory.Move(journalDirectory, Path.Combine(aside, "journal"));
        }

        if (Directory.Exists(snapshotDirectory))
        {
            Directory.Move(snapshotDirectory, Path.Combine(aside, "snapshots"));
        }

        DirectorySync.Flush(aside);
        Directory.CreateDirectory(snapshotDirectory);
        var installed = Path.Combine(snapshotDirectory, SnapshotStore.FileName(header.LastSequence));
        if (hasModels)
        {
            File.Move(stagedModels, SinkStateFile.PathFor(installed)); // first, as the snapshot store writes them: a snapshot never lacks the models it had
        }

        File.Move(stagedSnapshot, installed);
        DirectorySync.Flush(snapshotDirectory);
        DirectorySync.Flush(data);
        JournalWriter.StartAfterSnapshot(journalDirectory, new ChainPoint(header.ChainSequence, header.Chain), header.LastTimestamp);
        return aside;
    }
}
