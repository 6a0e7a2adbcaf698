using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Session;

/// <summary>The server is closing the session, and why.</summary>
/// <remarks>
/// Type 0x84, version 1, body 2 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 2 | Reason | u16 | SessionEndReason code |
/// </code>
/// </remarks>
public readonly record struct SessionEnded(
    ushort Reason) : IMessage<SessionEnded>
{
    public static MessageType Type => MessageType.SessionEnded;

    public static byte Version => 1;

    public static int BodySize => 2;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(body[0..], Reason);
    }

    public static SessionEnded ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt16LittleEndian(body[0..]));
}
