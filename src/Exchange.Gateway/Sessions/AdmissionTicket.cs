using System.Net;

namespace Exchange.Gateway.Sessions;

/// <summary>
/// The budget's handle on a new connection, taken before its session is built: a connection refused at a
/// cap then costs an accept, a reject and a close, not a session's buffers (idle sockets reopened in a loop
/// would otherwise allocate one each time). Evictable once its session exists.
/// </summary>
internal sealed class AdmissionTicket(IPAddress? peer) : IAnonymousConnection
{
    private IAnonymousConnection? _connection;

    public IPAddress? Peer => peer;

    /// <summary>The session the slot belongs to, once built.</summary>
    public IAnonymousConnection? Connection
    {
        get => Volatile.Read(ref _connection);
        set => Volatile.Write(ref _connection, value);
    }

    public bool TryEvict() => Connection?.TryEvict() ?? false;
}
