namespace Exchange.Journal.Snapshots;

/// <summary>A snapshot read back and verified: the state as of <see cref="SnapshotHeader.LastSequence"/>.</summary>
public sealed record Snapshot(string Path, SnapshotHeader Header, byte[] State);
