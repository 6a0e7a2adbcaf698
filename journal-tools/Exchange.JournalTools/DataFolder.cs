using Exchange.Engine;
using Exchange.Journal;

namespace Exchange.JournalTools;

/// <summary>An engine data folder as the tools see it: <c>journal/</c> and <c>snapshots/</c> inside.</summary>
internal sealed class DataFolder
{
    private DataFolder(string path)
    {
        Path = path;
        Options = new EngineOptions { DataDirectory = path };
    }

    public string Path { get; }

    public EngineOptions Options { get; }

    public string JournalDirectory => Options.JournalDirectory;

    public string SnapshotDirectory => Options.SnapshotDirectory;

    /// <summary>The whole journal: archived segments (journal/archive/, compressed) and live ones, in sequence order.</summary>
    public IReadOnlyList<string> Segments => Exchange.Journal.JournalDirectory.AllSegments(JournalDirectory);

    /// <summary>Opens a data folder, or says in one line why it is not one.</summary>
    public static bool TryOpen(string path, out DataFolder folder, out string? error)
    {
        folder = new DataFolder(System.IO.Path.GetFullPath(path));
        if (!Directory.Exists(folder.Path))
        {
            error = $"{folder.Path}: no such folder";
            return false;
        }

        if (!Directory.Exists(folder.JournalDirectory) || Exchange.Journal.JournalDirectory.AllSegments(folder.JournalDirectory).Count == 0)
        {
            error = $"{folder.Path}: no journal here (expected segment files in {folder.JournalDirectory})";
            return false;
        }

        error = null;
        return true;
    }
}
