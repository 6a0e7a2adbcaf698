using Exchange.Protocol.Session;

namespace Exchange.Client;

/// <summary>The server refused the login; <see cref="Reason"/> says why (docs/protocol.md, Session).</summary>
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
    public LoginRejectedException(LoginRejectReason reason)
        : base($"Login rejected: {reason} ({(ushort)reason}).") => Reason = reason;

    /// <summary>Why: not authorized, unsupported version, already logged in, resend window exceeded, ... (its code is the wire's).</summary>
    public LoginRejectReason Reason { get; }
}
