using Exchange.Protocol.Session;

namespace Exchange.Client;

/// <summary>
/// The gateway refused a request before the exchange saw it (<c>ProtocolReject</c>: throttled, busy,
/// malformed, not allowed on this session); nothing happened, and the request may be sent again.
/// </summary>
public sealed class RequestRefusedException : Exception
{
    public RequestRefusedException()
    {
    }

    public RequestRefusedException(string message)
        : base(message)
    {
    }

    public RequestRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RequestRefusedException(ProtocolRejectReason reason)
        : base($"The gateway refused the request: {reason}.") => Reason = reason;

    public ProtocolRejectReason Reason { get; }
}
