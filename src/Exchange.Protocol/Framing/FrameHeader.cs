using System.Buffers.Binary;

namespace Exchange.Protocol.Framing;

/// <summary>
/// The 4 bytes in front of every message, little-endian:
/// <code>
///  0               2       3       4
///  +---------------+-------+-------+------------------------+
///  | length (u16)  | type  |version| body (length - 2 bytes)|
///  +---------------+-------+-------+------------------------+
/// </code>
/// <c>length</c> counts the bytes after itself (type, version and body), as in SoupBinTCP, so a
/// reader needs only the first two bytes to know where the frame ends.
/// </summary>
public readonly record struct FrameHeader(ushort Length, MessageType Type, byte Version)
{
    public const int Size = 4;

    /// <summary>Bytes of the frame that follow the length field and precede the body.</summary>
    public const int TypeAndVersion = 2;

    public int BodyLength => Length - TypeAndVersion;

    public int FrameLength => 2 + Length;

    public static void Write(Span<byte> destination, MessageType type, byte version, int bodyLength)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)(bodyLength + TypeAndVersion));
        destination[2] = (byte)type;
        destination[3] = version;
    }

    public static FrameHeader Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt16LittleEndian(source), (MessageType)source[2], source[3]);
}
