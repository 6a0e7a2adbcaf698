namespace Exchange.Client;

/// <summary>The server refused the login; <see cref="Reason"/> is the LoginRejectReason code.</summary>
public sealed class LoginRejectedException : Exception
{
    public LoginRejectedException()
    {
    }

    public LoginRejectedException(string message)
        : base(message)
    {
    }

    public LoginRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LoginRejectedException(ushort reason)
        : base($"Login rejected (reason {reason}).") => Reason = reason;

    public ushort Reason { get; }
}
