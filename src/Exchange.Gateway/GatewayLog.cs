using Microsoft.Extensions.Logging;

namespace Exchange.Gateway;

/// <summary>The gateway's structured log lines.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(100, LogLevel.Information, "Gateway listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(101, LogLevel.Information, "Account {Account} logged in from {Peer} (last seen {LastSeen}, next {Next})")]
    public static partial void LoggedIn(ILogger logger, long account, string peer, ulong lastSeen, ulong next);

    [LoggerMessage(102, LogLevel.Warning, "Login refused for account {Account} from {Peer}; that address now waits {DelayMs} ms before its next password check")]
    public static partial void LoginRefused(ILogger logger, long account, string peer, double delayMs);

    [LoggerMessage(113, LogLevel.Warning, "Login for account {Account} from {Peer} refused unchecked (LoginRejected 8): that address or account failed too often; its next password check is too far off")]
    public static partial void LoginDeferred(ILogger logger, long account, string peer);

    [LoggerMessage(103, LogLevel.Warning, "Session of account {Account} from {Peer} ended: {Reason}")]
    public static partial void SessionEnded(ILogger logger, long account, string peer, string reason);

    [LoggerMessage(104, LogLevel.Debug, "Account {Account} from {Peer}: message type {Type} rejected ({Reason})")]
    public static partial void ProtocolRejected(ILogger logger, long account, string peer, byte type, string reason);

    [LoggerMessage(105, LogLevel.Warning, "Account {Account} from {Peer}: outbound queue full, disconnecting a slow consumer")]
    public static partial void SlowConsumer(ILogger logger, long account, string peer);

    [LoggerMessage(106, LogLevel.Warning, "Connection from {Peer} refused with LoginRejected 5: {Connections} connections open, {Anonymous} of them not logged in")]
    public static partial void TooManyConnections(ILogger logger, int connections, int anonymous, string peer);

    [LoggerMessage(120, LogLevel.Warning, "Connection from {Peer} closed with LoginRejected 5 before it sent a Login: evicted to make room for a newer connection at the anonymous cap")]
    public static partial void AnonymousEvicted(ILogger logger, string peer);

    [LoggerMessage(121, LogLevel.Warning, "Login for account {Account} from {Peer} refused unchecked: the address is outside the networks the account may use")]
    public static partial void LoginOutsideNetworks(ILogger logger, long account, string peer);

    [LoggerMessage(122, LogLevel.Warning, "Connection from {Peer} closed: TLS handshake failed ({Reason})")]
    public static partial void TlsHandshakeFailed(ILogger logger, string peer, string reason);

    [LoggerMessage(112, LogLevel.Warning, "Connection from {Peer} closed: no Login within the login deadline")]
    public static partial void LoginTimedOut(ILogger logger, string peer);
}
