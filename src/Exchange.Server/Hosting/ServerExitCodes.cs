namespace Exchange.Server.Hosting;

/// <summary>How exchange-server ends, for scripts and supervisors (docs/operations.md lists them).</summary>
public static class ServerExitCodes
{
    /// <summary>Stopped on request (SIGTERM, Ctrl-C), journal flushed.</summary>
    public const int Ok = 0;

    /// <summary>The configuration is invalid (a value out of range, a missing --config file, an unknown durability): nothing was written.</summary>
    public const int Configuration = 2;

    /// <summary>The data folder cannot be used: not writable, a corrupt journal, a snapshot from another history.</summary>
    public const int DataFolder = 3;

    /// <summary>The engine fail-stopped while running (the journal could not write or sync, or the business logic failed).</summary>
    public const int EngineFailed = 4;

    /// <summary>The gateway could not listen on the configured address and port.</summary>
    public const int Listen = 5;

    /// <summary>Cluster mode: this node lost its etcd lease (or was deposed) and stopped acknowledging. <c>exchange-server</c> restarts itself as a standby on this code; a supervisor sees it only if that restart fails.</summary>
    public const int Fenced = 6;

    /// <summary>Cluster mode: etcd could not be reached at start-up.</summary>
    public const int Coordination = 7;
}
