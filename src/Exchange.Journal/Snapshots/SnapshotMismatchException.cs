namespace Exchange.Journal.Snapshots;

/// <summary>
/// A snapshot in the data folder does not belong to its journal (beyond the journal's end, or from
/// another history). Startup stops: using it, or silently ignoring it, could restore a state the
/// journal does not explain. The operator moves the snapshot (or restores the missing journal).
/// </summary>
public sealed class SnapshotMismatchException : Exception
{
    public SnapshotMismatchException(string message)
        : base(message)
    {
    }

    public SnapshotMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SnapshotMismatchException(string path, string problem)
        : base($"Snapshot {path} does not belong to this journal: {problem}. Move it out of the snapshots folder (or restore the journal it was taken from) and start again.")
    {
        Path = path;
    }

    public string? Path { get; }
}
