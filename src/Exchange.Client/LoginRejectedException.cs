using Exchange.Protocol.Session;

namespace Exchange.Client;

/// <summary>The server refused the login; <see cref="Reason"/> is the LoginRejectReason code (docs/protocol.md, Session).</summary>
public sealed class LoginRejectedException : Exception
{
    /// <summary>A refusal without a reason code.</summary>
    public LoginRejectedException()
    {
    }

    /// <summary>A refusal described by <paramref name="message"/>.</summary>
    public LoginRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public LoginRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The server's refusal with its reason code.</summary>
    public LoginRejectedException(ushort reason)
        : base($"Login rejected: {(LoginRejectReason)reason} ({reason}).") => Reason = reason;

    /// <summary>The LoginRejectReason code: 1 not authorized, 2 unsupported version, 3 already logged in, 4 resend window exceeded, ...</summary>
    public ushort Reason { get; }
}
