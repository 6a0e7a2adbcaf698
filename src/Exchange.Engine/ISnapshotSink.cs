namespace Exchange.Engine;

/// <summary>
/// An event sink whose state is a read model of the whole history (reply streams with their resend
/// windows, market-data books). The engine saves it with every snapshot and loads it at start, so a
/// restart replays only the journal after the newest snapshot instead of the whole history.
/// </summary>
public interface ISnapshotSink : IEventSink
{
    /// <summary>Names this sink's section in the snapshot's read-model file; stable across versions.</summary>
    string StateName { get; }

    /// <summary>
    /// The state after every event up to a snapshot's last command. Called on the publisher thread,
    /// between two events, at a command boundary: settle anything held back for the end of a batch first.
    /// </summary>
    byte[] SaveState();

    /// <summary>
    /// Replaces the state with one saved by <see cref="SaveState"/>; called before any event, at start. The
    /// sink may keep slices of <paramref name="state"/> instead of copying them (it is read-only and lives as
    /// long as they are referenced: at start-up it is a mapping of the read-model file).
    /// </summary>
    void LoadState(ReadOnlyMemory<byte> state);
}
