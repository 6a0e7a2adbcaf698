namespace Exchange.Gateway.Sessions;

/// <summary>A connection that has not logged in, as the <see cref="ConnectionBudget"/> sees it: something it may evict.</summary>
internal interface IAnonymousConnection
{
    /// <summary>The address it came from (null when unknown).</summary>
    System.Net.IPAddress? Peer { get; }

    /// <summary>
    /// Ends it if it has not logged in and its secret is not being hashed (it gets LoginRejected 5 and is closed):
    /// idle, or its login waiting for its turn; false when the check is under way, or it has ended.
    /// </summary>
    bool TryEvict();
}
