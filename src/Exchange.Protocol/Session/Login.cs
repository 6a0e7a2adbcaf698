using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Session;

/// <summary>Opens a session for one account; resumes the outbound stream after the last sequence the client saw.</summary>
/// <remarks>
/// Type 0x01, version 1, body 52 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Account | u64 | account id |
/// | 8 | 2 | ProtocolVersion | u16 | protocol version the client speaks (1 or 2) |
/// | 10 | 1 | Flags | u8 | bit 0: cancel all the account's orders on disconnect; bit 1: market data only |
/// | 11 | 1 | Reserved | u8 | zero |
/// | 12 | 8 | LastSeenSequence | u64 | last outbound application sequence the client received (0 = none) |
/// | 20 | 32 | Secret | str32 | account secret, UTF-8, zero-padded to 32 bytes |
/// </code>
/// </remarks>
public readonly record struct Login(
    ulong Account,
    ushort ProtocolVersion,
    byte Flags,
    byte Reserved,
    ulong LastSeenSequence,
    string Secret) : IMessage<Login>
{
    public static MessageType Type => MessageType.Login;

    public static byte Version => 1;

    public static int BodySize => 52;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Account);
        BinaryPrimitives.WriteUInt16LittleEndian(body[8..], ProtocolVersion);
        body[10] = Flags;
        body[11] = Reserved;
        BinaryPrimitives.WriteUInt64LittleEndian(body[12..], LastSeenSequence);
        Utf8Field32.Write(body.Slice(20, 32), Secret);
    }

    public static Login ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt16LittleEndian(body[8..]),
            body[10],
            body[11],
            BinaryPrimitives.ReadUInt64LittleEndian(body[12..]),
            Utf8Field32.Read(body.Slice(20, 32)));
}
