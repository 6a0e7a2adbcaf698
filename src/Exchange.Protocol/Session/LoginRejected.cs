using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Session;

/// <summary>The login failed; the server closes the connection.</summary>
/// <remarks>
/// Type 0x82, version 1, body 2 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 2 | Reason | u16 | LoginRejectReason code |
/// </code>
/// </remarks>
public readonly record struct LoginRejected(
    ushort Reason) : IMessage<LoginRejected>
{
    public static MessageType Type => MessageType.LoginRejected;

    public static byte Version => 1;

    public static int BodySize => 2;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(body[0..], Reason);
    }

    public static LoginRejected ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt16LittleEndian(body[0..]));
}
