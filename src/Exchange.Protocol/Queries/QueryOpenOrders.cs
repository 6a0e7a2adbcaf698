using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Queries;

/// <summary>Asks for the session account's open orders (one instrument, or 0 for all); answered by OpenOrderReport messages (unsequenced).</summary>
/// <remarks>
/// Type 0x31, version 1, body 16 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | ClientMessageId | u64 | echoed in every report |
/// | 8 | 4 | Instrument | u32 | instrument id or 0 |
/// | 12 | 4 | Reserved | u32 | zero |
/// </code>
/// </remarks>
public readonly record struct QueryOpenOrders(
    ulong ClientMessageId,
    uint Instrument,
    uint Reserved) : IMessage<QueryOpenOrders>
{
    public static MessageType Type => MessageType.QueryOpenOrders;

    public static byte Version => 1;

    public static int BodySize => 16;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], ClientMessageId);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], Instrument);
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], Reserved);
    }

    public static QueryOpenOrders ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[12..]));
}
