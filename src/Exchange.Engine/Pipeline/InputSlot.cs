using Exchange.Core.Commands;

namespace Exchange.Engine.Pipeline;

/// <summary>What travels through the input ring: a command, or a request to snapshot between two commands.</summary>
internal struct InputSlot
{
    public Command Command;
    public bool IsSnapshotRequest;
}
