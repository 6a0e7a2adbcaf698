using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>One fill of one of the account's orders.</summary>
/// <remarks>
/// Type 0x92, version 1, body 88 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Sequence | u64 | session application sequence |
/// | 8 | 8 | EngineSequence | u64 | engine command sequence |
/// | 16 | 8 | Timestamp | i64 | engine time |
/// | 24 | 8 | OrderId | u64 | exchange order id |
/// | 32 | 8 | ClientOrderId | u64 | client order id |
/// | 40 | 8 | TradeId | u64 | trade id |
/// | 48 | 8 | Price | i64 | fill price |
/// | 56 | 8 | Quantity | i64 | fill quantity |
/// | 64 | 8 | Leaves | i64 | open quantity after the fill |
/// | 72 | 8 | Fee | i64 | fee charged, quote units |
/// | 80 | 1 | Liquidity | u8 | 1 maker, 2 taker |
/// | 81 | 1 | Side | u8 | 1 buy, 2 sell |
/// | 82 | 2 | Reserved1 | u16 | zero |
/// | 84 | 4 | Instrument | u32 | instrument id |
/// </code>
/// </remarks>
public readonly record struct OrderExecuted(
    ulong Sequence,
    ulong EngineSequence,
    long Timestamp,
    ulong OrderId,
    ulong ClientOrderId,
    ulong TradeId,
    long Price,
    long Quantity,
    long Leaves,
    long Fee,
    byte Liquidity,
    byte Side,
    ushort Reserved1,
    uint Instrument) : IMessage<OrderExecuted>
{
    public static MessageType Type => MessageType.OrderExecuted;

    public static byte Version => 1;

    public static int BodySize => 88;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], EngineSequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], Timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(body[24..], OrderId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[32..], ClientOrderId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[40..], TradeId);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(body[56..], Quantity);
        BinaryPrimitives.WriteInt64LittleEndian(body[64..], Leaves);
        BinaryPrimitives.WriteInt64LittleEndian(body[72..], Fee);
        body[80] = Liquidity;
        body[81] = Side;
        BinaryPrimitives.WriteUInt16LittleEndian(body[82..], Reserved1);
        BinaryPrimitives.WriteUInt32LittleEndian(body[84..], Instrument);
    }

    public static OrderExecuted ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[32..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[48..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[56..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[64..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[72..]),
            body[80],
            body[81],
            BinaryPrimitives.ReadUInt16LittleEndian(body[82..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[84..]));
}
