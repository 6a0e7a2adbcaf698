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

    /// <summary>The engine stopped on a fault (its journal could not write or sync): nothing more is accepted until an operator restarts it.</summary>
    EngineFailed = 8,
}
