namespace Exchange.Gateway.Sessions;

/// <summary>A connection that has not logged in, as the <see cref="ConnectionBudget"/> sees it: something it may evict.</summary>
internal interface IAnonymousConnection
{
    /// <summary>The address it came from (null when unknown).</summary>
    System.Net.IPAddress? Peer { get; }

    /// <summary>
    /// Ends it if it has sent no complete Login yet (it gets LoginRejected 5 and is closed); false when its
    /// login is already being checked, or it has ended, so it cannot be evicted.
    /// </summary>
    bool TryEvict();
}
