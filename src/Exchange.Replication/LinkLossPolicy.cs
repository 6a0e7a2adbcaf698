namespace Exchange.Replication;

/// <summary>What a sync-replicated primary does while fewer standbys than its quorum acknowledge.</summary>
public enum LinkLossPolicy
{
    /// <summary>Wait: nothing more is processed or acknowledged until a quorum is back (clients see back-pressure).</summary>
    Wait,

    /// <summary>After <see cref="ReplicationOptions.DegradeAfter"/>, go on with local durability only, logging it and raising the degraded metric, until a quorum has caught up again.</summary>
    Degrade,
}
