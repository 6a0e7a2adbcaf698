using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.MarketData;

/// <summary>
/// The best bid and offer of an instrument after a command changed either; for clients that want
/// only the top without keeping a book. Carries the instrument sequence of the last change it
/// includes and does not take a sequence number of its own.
/// </summary>
/// <remarks>
/// Type 0xA2, version 1, body 48 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | InstrumentSequence | u64 | sequence of the last change included (not a new number) |
/// | 8 | 4 | Instrument | u32 | instrument id |
/// | 12 | 4 | Reserved | u32 | zero |
/// | 16 | 8 | BidPrice | i64 | best bid price (0 = no bids) |
/// | 24 | 8 | BidQuantity | i64 | total open quantity at the best bid |
/// | 32 | 8 | AskPrice | i64 | best ask price (0 = no asks) |
/// | 40 | 8 | AskQuantity | i64 | total open quantity at the best ask |
/// </code>
/// </remarks>
public readonly record struct TopOfBook(
    ulong InstrumentSequence,
    uint Instrument,
    uint Reserved,
    long BidPrice,
    long BidQuantity,
    long AskPrice,
    long AskQuantity) : IMessage<TopOfBook>
{
    public static MessageType Type => MessageType.TopOfBook;

    public static byte Version => 1;

    public static int BodySize => 48;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], InstrumentSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(body[8..], Instrument);
        BinaryPrimitives.WriteUInt32LittleEndian(body[12..], Reserved);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], BidPrice);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], BidQuantity);
        BinaryPrimitives.WriteInt64LittleEndian(body[32..], AskPrice);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], AskQuantity);
    }

    public static TopOfBook ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[12..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[40..]));
}
