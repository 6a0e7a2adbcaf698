using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.MarketData;

/// <summary>Stops one instrument's market data, or all of the session's (instrument 0).</summary>
/// <remarks>
/// Type 0x21, version 1, body 8 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 4 | Instrument | u32 | instrument id; 0 = every subscription of the session |
/// | 4 | 4 | Reserved | u32 | zero |
/// </code>
/// </remarks>
public readonly record struct Unsubscribe(
    uint Instrument,
    uint Reserved) : IMessage<Unsubscribe>
{
    public static MessageType Type => MessageType.Unsubscribe;

    public static byte Version => 1;

    public static int BodySize => 8;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(body[0..], Instrument);
        BinaryPrimitives.WriteUInt32LittleEndian(body[4..], Reserved);
    }

    public static Unsubscribe ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt32LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[4..]));
}
