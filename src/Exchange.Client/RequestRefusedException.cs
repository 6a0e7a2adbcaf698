using Exchange.Protocol.Session;

namespace Exchange.Client;

/// <summary>
/// The gateway refused a request before the exchange saw it (<c>ProtocolReject</c>: throttled, busy,
/// malformed, not allowed on this session); nothing happened, and the request may be sent again.
/// </summary>
public sealed class RequestRefusedException : Exception
{
    /// <summary>A refusal without a reason code.</summary>
    public RequestRefusedException()
    {
    }

    /// <summary>A refusal described by <paramref name="message"/>.</summary>
    public RequestRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal described by <paramref name="message"/>, caused by <paramref name="innerException"/>.</summary>
    public RequestRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The gateway's refusal with its reason code.</summary>
    public RequestRefusedException(ProtocolRejectReason reason)
        : base($"The gateway refused the request: {reason}.") => Reason = reason;

    /// <summary>Why the gateway refused it (throttled, busy, not allowed, ...).</summary>
    public ProtocolRejectReason Reason { get; }
}
