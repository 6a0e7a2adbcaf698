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
/// <remarks>
/// The switch is two folder renames, which no file system does as one step, so it is written down
/// first: everything the new history needs is staged beside the old one, a marker says the switch has
/// begun, and each step is done only if it is not done yet. A crash anywhere leaves either the old
/// history untouched (no marker) or a switch that <see cref="ResumeInterrupted"/> finishes at the next start.
/// </remarks>
public static class JournalReplacement
{
    public const string Folder = "replaced-histories";

    private const string Marker = "SWITCHING";

    /// <summary>Installs <paramref name="receivedSnapshot"/> (a checked snapshot file, with its read-model file beside it if any); returns where the old history went.</summary>
    /// <exception cref="InvalidDataException">The snapshot fails its checks or is not bound to a batch boundary of the chain.</exception>
    public static string ReplaceWithSnapshot(string journalDirectory, string snapshotDirectory, string receivedSnapshot) =>
        ReplaceWithSnapshot(journalDirectory, snapshotDirectory, receivedSnapshot, stopAfterSwitchStep: int.MaxValue);

    /// <param name="journalDirectory">The node's journal.</param>
    /// <param name="snapshotDirectory">The node's snapshots.</param>
    /// <param name="receivedSnapshot">The snapshot to install.</param>
    /// <param name="stopAfterSwitchStep">Tests: stop (as a crash would) after this many steps of the switch.</param>
    internal static string ReplaceWithSnapshot(string journalDirectory, string snapshotDirectory, string receivedSnapshot, int stopAfterSwitchStep)
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

        var data = DataFolderOf(journalDirectory);
        var aside = Path.Combine(data, Folder, DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfff", System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(aside);

        // Staged: the new snapshot folder and the new journal, complete, beside the old history.
        var newSnapshots = Path.Combine(aside, "new-snapshots");
        Directory.CreateDirectory(newSnapshots);
        var installed = Path.Combine(newSnapshots, SnapshotStore.FileName(header.LastSequence));
        var readModels = SinkStateFile.PathFor(receivedSnapshot);
        if (File.Exists(readModels))
        {
            File.Move(readModels, SinkStateFile.PathFor(installed)); // first, as the snapshot store writes them: a snapshot never lacks the models it had
        }

        File.Move(receivedSnapshot, installed);
        DirectorySync.Flush(newSnapshots);
        JournalWriter.StartAfterSnapshot(Path.Combine(aside, "new-journal"), new ChainPoint(header.ChainSequence, header.Chain), header.LastTimestamp);
        DirectorySync.Flush(aside);

        // The switch, written down first. Both old folders exist from here on (empty if the node had none),
        // so once one is aside, a resumed switch never takes the new one in its place for the old.
        Directory.CreateDirectory(journalDirectory);
        Directory.CreateDirectory(snapshotDirectory);
        File.WriteAllBytes(Path.Combine(aside, Marker), []);
        DirectorySync.Flush(aside);
        Switch(aside, journalDirectory, snapshotDirectory, stopAfterSwitchStep);
        return aside;
    }

    /// <summary>
    /// Finishes a switch a crash interrupted (its marker is still there); call before the engine starts.
    /// Returns the folders whose switch it finished.
    /// </summary>
    public static IReadOnlyList<string> ResumeInterrupted(string journalDirectory, string snapshotDirectory)
    {
        var finished = new List<string>();
        var root = Path.Combine(DataFolderOf(journalDirectory), Folder);
        if (!Directory.Exists(root))
        {
            return finished;
        }

        foreach (var aside in Directory.GetDirectories(root))
        {
            if (File.Exists(Path.Combine(aside, Marker)))
            {
                Switch(aside, journalDirectory, snapshotDirectory, int.MaxValue);
                finished.Add(aside);
            }
        }

        return finished;
    }

    /// <summary>Each step only if not done yet: the old folders aside, the staged ones in their place, the marker gone.</summary>
    private static void Switch(string aside, string journalDirectory, string snapshotDirectory, int stopAfterStep)
    {
        var data = DataFolderOf(journalDirectory);
        var steps = new Action[]
        {
            () => MoveIfBoth(journalDirectory, Path.Combine(aside, "journal")),
            () => MoveIfBoth(snapshotDirectory, Path.Combine(aside, "snapshots")),
            () => MoveIfBoth(Path.Combine(aside, "new-journal"), journalDirectory),
            () => MoveIfBoth(Path.Combine(aside, "new-snapshots"), snapshotDirectory),
            () => File.Delete(Path.Combine(aside, Marker)),
        };
        for (var i = 0; i < steps.Length && i < stopAfterStep; i++)
        {
            steps[i]();
            DirectorySync.Flush(aside);
            DirectorySync.Flush(data);
        }
    }

    /// <summary>Moves <paramref name="from"/> to <paramref name="to"/> when the one exists and the other does not (else it was moved already).</summary>
    private static void MoveIfBoth(string from, string to)
    {
        if (Directory.Exists(from) && !Directory.Exists(to))
        {
            Directory.Move(from, to);
        }
    }

    private static string DataFolderOf(string journalDirectory) => Path.GetDirectoryName(Path.GetFullPath(journalDirectory))!;
}
