namespace Exchange.Replication;

/// <summary>
/// A primary lost its lease (or saw a newer epoch): it must not acknowledge anything more. Thrown
/// from the commit tap, it stops the engine before the batch reaches the business logic (fail-stop),
/// and the node restarts as a standby (docs/replication.md, "Fencing").
/// </summary>
public sealed class FencedException(string message) : Exception(message);
