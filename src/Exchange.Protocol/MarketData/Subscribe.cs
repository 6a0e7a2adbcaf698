using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.MarketData;

/// <summary>Subscribes to one instrument's market data.</summary>
/// <remarks>
/// Type 0x20, version 1, body 8 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 4 | Instrument | u32 | instrument id |
/// | 4 | 2 | Depth | u16 | price levels per side in snapshots |
/// | 6 | 2 | Reserved | u16 | zero |
/// </code>
/// </remarks>
public readonly record struct Subscribe(
    uint Instrument,
    ushort Depth,
    ushort Reserved) : IMessage<Subscribe>
{
    public static MessageType Type => MessageType.Subscribe;

    public static byte Version => 1;

    public static int BodySize => 8;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(body[0..], Instrument);
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], Depth);
        BinaryPrimitives.WriteUInt16LittleEndian(body[6..], Reserved);
    }

    public static Subscribe ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt32LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt16LittleEndian(body[4..]),
            BinaryPrimitives.ReadUInt16LittleEndian(body[6..]));
}
