using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Queries;

/// <summary>Asks for the reference data of one instrument or all; answered by InstrumentReport messages (unsequenced).</summary>
/// <remarks>
/// Type 0x32, version 1, body 16 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | ClientMessageId | u64 | echoed in every report |
/// | 8 | 4 | Instrument | u32 | instrument id; 0 = every instrument |
/// | 12 | 4 | Reserved | u32 | zero |
/// </code>
/// </remarks>
public readonly record struct QueryInstruments(
    ulong ClientMessageId,
    uint Instrument,
    uint Reserved) : IMessage<QueryInstruments>
{
    public static MessageType Type => MessageType.QueryInstruments;

    public static byte Version => 1;

    public static int BodySize => 16;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], ClientMessageId);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], Instrument);
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], Reserved);
    }

    public static QueryInstruments ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[12..]));
}
