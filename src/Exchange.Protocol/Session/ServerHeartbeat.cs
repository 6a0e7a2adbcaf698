using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Session;

/// <summary>Sent by the server when it has sent nothing else for a heartbeat interval.</summary>
/// <remarks>
/// Type 0x83, version 1, body 0 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | — | 0 | (no body) | | |
/// </code>
/// </remarks>
public readonly record struct ServerHeartbeat : IMessage<ServerHeartbeat>
{
    public static MessageType Type => MessageType.ServerHeartbeat;

    public static byte Version => 1;

    public static int BodySize => 0;

    public void WriteBody(Span<byte> body)
    {
        body.Clear();
    }

    public static ServerHeartbeat ReadBody(ReadOnlySpan<byte> body) => default;
}
