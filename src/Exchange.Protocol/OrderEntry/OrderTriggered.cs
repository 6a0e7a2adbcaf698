using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>
/// A stop's trigger fired: the order now enters as a market or limit order and may trade at once
/// (fills follow as <see cref="OrderExecuted"/>). A numbered reply in the account's stream.
/// </summary>
/// <remarks>
/// Type 0x95, version 1, body 72 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Sequence | u64 | session application sequence |
/// | 8 | 8 | EngineSequence | u64 | engine command sequence (the command whose trade fired it) |
/// | 16 | 8 | Timestamp | i64 | engine time, ns since the Unix epoch |
/// | 24 | 8 | OrderId | u64 | exchange order id |
/// | 32 | 8 | ClientOrderId | u64 | client order id |
/// | 40 | 4 | Instrument | u32 | instrument id |
/// | 44 | 1 | Side | u8 | 1 buy, 2 sell |
/// | 45 | 1 | OrderType | u8 | what it entered as: 1 limit, 2 market |
/// | 46 | 2 | Reserved | u16 | zero |
/// | 48 | 8 | Price | i64 | limit price (0 for market) |
/// | 56 | 8 | StopPrice | i64 | the stop price that fired |
/// | 64 | 8 | Quantity | i64 | open quantity entering the book |
/// </code>
/// </remarks>
public readonly record struct OrderTriggered(
    ulong Sequence,
    ulong EngineSequence,
    long Timestamp,
    ulong OrderId,
    ulong ClientOrderId,
    uint Instrument,
    byte Side,
    byte OrderType,
    ushort Reserved,
    long Price,
    long StopPrice,
    long Quantity) : IMessage<OrderTriggered>
{
    public static MessageType Type => MessageType.OrderTriggered;

    public static byte Version => 1;

    public static int BodySize => 72;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], EngineSequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], Timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(body[24..], OrderId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[32..], ClientOrderId);
        BinaryPrimitives.WriteUInt32LittleEndian(body[40..], Instrument);
        body[44] = Side;
        body[45] = OrderType;
        BinaryPrimitives.WriteUInt16LittleEndian(body[46..], Reserved);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(body[56..], StopPrice);
        BinaryPrimitives.WriteInt64LittleEndian(body[64..], Quantity);
    }

    public static OrderTriggered ReadBody(ReadOnlySpan<byte> body) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
        BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
        BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
        BinaryPrimitives.ReadUInt64LittleEndian(body[24..]),
        BinaryPrimitives.ReadUInt64LittleEndian(body[32..]),
        BinaryPrimitives.ReadUInt32LittleEndian(body[40..]),
        body[44],
        body[45],
        BinaryPrimitives.ReadUInt16LittleEndian(body[46..]),
        BinaryPrimitives.ReadInt64LittleEndian(body[48..]),
        BinaryPrimitives.ReadInt64LittleEndian(body[56..]),
        BinaryPrimitives.ReadInt64LittleEndian(body[64..]));
}
