using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Session;

/// <summary>The session is open.</summary>
/// <remarks>
/// Type 0x81, version 1, body 20 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | SessionId | u64 | server-assigned session id |
/// | 8 | 8 | NextSequence | u64 | sequence of the next outbound application message |
/// | 16 | 4 | HeartbeatMillis | u32 | heartbeat interval both sides keep |
/// </code>
/// </remarks>
public readonly record struct LoginAccepted(
    ulong SessionId,
    ulong NextSequence,
    uint HeartbeatMillis) : IMessage<LoginAccepted>
{
    public static MessageType Type => MessageType.LoginAccepted;

    public static byte Version => 1;

    public static int BodySize => 20;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], SessionId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], NextSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(body[16..], HeartbeatMillis);
    }

    public static LoginAccepted ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[16..]));
}
