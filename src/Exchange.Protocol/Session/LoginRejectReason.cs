namespace Exchange.Protocol.Session;

/// <summary>Why a login failed (LoginRejected.Reason). Stable codes.</summary>
public enum LoginRejectReason : ushort
{
    NotAuthorized = 1,
    UnsupportedProtocolVersion = 2,
    AlreadyLoggedIn = 3,
    ResendWindowExceeded = 4,
    TooManyConnections = 5,
    ServerShuttingDown = 6,

    /// <summary>No valid Login arrived within the login deadline (or the first frame was not a Login).</summary>
    LoginTimeout = 7,

    /// <summary>
    /// Refused for now, without checking the secret: the address or account has failed to log in so often
    /// that its next password check is further off than the server waits, or the account was recently
    /// cut off for flooding. Try again later.
    /// </summary>
    LockedOut = 8,
}
