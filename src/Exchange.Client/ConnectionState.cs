namespace Exchange.Client;

/// <summary>Where a client's connection stands; <see cref="ExchangeClient.StateChanged"/> reports each change.</summary>
public enum ConnectionState
{
    /// <summary>Logged in: requests go out, replies come in.</summary>
    Connected = 1,

    /// <summary>The connection was lost (or went silent past the heartbeat timeout); logging in again to the next endpoint.</summary>
    Reconnecting = 2,

    /// <summary>Closed for good: disposed, logged out, refused at login, or lost without automatic reconnect.</summary>
    Closed = 3,
}
