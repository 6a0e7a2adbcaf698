namespace Exchange.Protocol.Session;

/// <summary>Why the server ended a session (SessionEnded.Reason). Stable codes.</summary>
public enum SessionEndReason : ushort
{
    Logout = 1,
    HeartbeatTimeout = 2,
    MalformedFrame = 3,
    FrameTooLarge = 4,
    ThrottleExceeded = 5,
    SlowConsumer = 6,
    ServerShutdown = 7,
}
