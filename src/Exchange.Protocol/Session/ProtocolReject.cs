using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Session;

/// <summary>An inbound frame could not be accepted (unknown type, bad size, throttled); the session stays open.</summary>
/// <remarks>
/// Type 0x8F, version 1, body 12 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 1 | ReferenceType | u8 | type of the offending message |
/// | 1 | 1 | Reserved | u8 | zero |
/// | 2 | 2 | Reason | u16 | ProtocolRejectReason code |
/// | 4 | 8 | ClientMessageId | u64 | its client message id, if it had one |
/// </code>
/// </remarks>
public readonly record struct ProtocolReject(
    byte ReferenceType,
    byte Reserved,
    ushort Reason,
    ulong ClientMessageId) : IMessage<ProtocolReject>
{
    public static MessageType Type => MessageType.ProtocolReject;

    public static byte Version => 1;

    public static int BodySize => 12;

    public void WriteBody(Span<byte> body)
    {
        body[0] = ReferenceType;
        body[1] = Reserved;
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], Reason);
        BinaryPrimitives.WriteUInt64LittleEndian(body[4..], ClientMessageId);
    }

    public static ProtocolReject ReadBody(ReadOnlySpan<byte> body) => new(
            body[0],
            body[1],
            BinaryPrimitives.ReadUInt16LittleEndian(body[2..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[4..]));
}
