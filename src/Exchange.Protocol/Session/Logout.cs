using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Session;

/// <summary>Ends the session cleanly.</summary>
/// <remarks>
/// Type 0x02, version 1, body 0 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | — | 0 | (no body) | | |
/// </code>
/// </remarks>
public readonly record struct Logout : IMessage<Logout>
{
    public static MessageType Type => MessageType.Logout;

    public static byte Version => 1;

    public static int BodySize => 0;

    public void WriteBody(Span<byte> body)
    {
        body.Clear();
    }

    public static Logout ReadBody(ReadOnlySpan<byte> body) => default;
}
