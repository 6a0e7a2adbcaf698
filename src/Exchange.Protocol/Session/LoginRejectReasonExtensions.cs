namespace Exchange.Protocol.Session;

/// <summary>Which login refusals a client should answer by trying again later rather than giving up.</summary>
public static class LoginRejectReasonExtensions
{
    /// <summary>
    /// True for refusals caused by the moment (a session still attached, a cap, a restart, a slow login,
    /// a flood from the same address), false for those that will not change by waiting: a wrong secret,
    /// a protocol version the server does not speak, a resend the server can no longer serve.
    /// </summary>
    public static bool IsTransient(this LoginRejectReason reason) => reason is LoginRejectReason.AlreadyLoggedIn
        or LoginRejectReason.TooManyConnections or LoginRejectReason.ServerShuttingDown or LoginRejectReason.LoginTimeout
        or LoginRejectReason.LockedOut;
}
