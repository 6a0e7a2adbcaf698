using Exchange.Core.Commands;
using Exchange.Core.Matching;

namespace Exchange.Engine.Pipeline;

/// <summary>
/// What travels through the input ring: a command, a request to snapshot between two commands, or
/// a read-only query answered on the business logic thread. Only commands are journaled.
/// </summary>
internal struct InputSlot
{
    public Command Command;
    public bool IsSnapshotRequest;

    /// <summary>A query to run against the state between two commands, with where its answer goes.</summary>
    public Action<MatchingEngine>? Query;

    public readonly bool IsCommand => !IsSnapshotRequest && Query is null;
}
