namespace Exchange.Gateway.Sessions;

/// <summary>
/// Counts the connections that have not logged in yet, so that anonymous sockets can hold at most
/// <c>MaxUnauthenticated</c> of the gateway's slots (each for at most the login deadline), and the
/// rest stay free for sessions that authenticate.
/// </summary>
internal sealed class ConnectionBudget(int maxUnauthenticated)
{
    private int _anonymous;

    public int Anonymous => Volatile.Read(ref _anonymous);

    /// <summary>Takes an anonymous slot; false at the cap.</summary>
    public bool TryAdmitAnonymous()
    {
        if (Interlocked.Increment(ref _anonymous) <= maxUnauthenticated)
        {
            return true;
        }

        Interlocked.Decrement(ref _anonymous);
        return false;
    }

    /// <summary>Gives the slot back: the connection logged in or ended.</summary>
    public void ReleaseAnonymous() => Interlocked.Decrement(ref _anonymous);
}
