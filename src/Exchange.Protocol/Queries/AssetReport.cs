using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Queries;

/// <summary>One asset of the venue. The last report of an answer has flag bit 1; a venue with no assets configured answers one report with asset 0.</summary>
/// <remarks>
/// Type 0xB3, version 1, body 48 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | ClientMessageId | u64 | the query's id |
/// | 8 | 4 | Asset | u32 | asset id (0 = none) |
/// | 12 | 1 | Flags | u8 | bit 1: last report of the answer |
/// | 13 | 1 | Decimals | u8 | decimal places a display shows (amounts on the wire are integers) |
/// | 14 | 2 | Reserved | u16 | zero |
/// | 16 | 32 | Symbol | str32 | symbol, UTF-8, zero-padded |
/// </code>
/// </remarks>
public readonly record struct AssetReport(
    ulong ClientMessageId,
    uint Asset,
    byte Flags,
    byte Decimals,
    ushort Reserved,
    string Symbol) : IMessage<AssetReport>
{
    public static MessageType Type => MessageType.AssetReport;

    public static byte Version => 1;

    public static int BodySize => 48;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], ClientMessageId);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], Asset);
        body[12] = Flags;
        body[13] = Decimals;
        BinaryPrimitives.WriteUInt16LittleEndian(body[14..], Reserved);
        Session.Utf8Field32.Write(body.Slice(16, 32), Symbol);
    }

    public static AssetReport ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            body[12],
            body[13],
            BinaryPrimitives.ReadUInt16LittleEndian(body[14..]),
            Session.Utf8Field32.Read(body.Slice(16, 32)));
}
