using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>Enters an order for the session's account.</summary>
/// <remarks>
/// Type 0x10, version 1, body 52 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | ClientMessageId | u64 | client's id of this message (echoed in replies) |
/// | 8 | 8 | ClientOrderId | u64 | unique among the account's live orders |
/// | 16 | 4 | Instrument | u32 | instrument id |
/// | 20 | 1 | Side | u8 | 1 buy, 2 sell |
/// | 21 | 1 | OrderType | u8 | 1 limit, 2 market |
/// | 22 | 1 | TimeInForce | u8 | 1 GTC, 2 IOC, 3 FOK |
/// | 23 | 1 | SelfTradePrevention | u8 | 0 cancel resting, 1 cancel aggressor, 2 cancel both, 3 decrement and cancel |
/// | 24 | 1 | Flags | u8 | bit 0: post-only |
/// | 25 | 1 | Reserved1 | u8 | zero |
/// | 26 | 2 | Reserved2 | u16 | zero |
/// | 28 | 8 | Price | i64 | limit price in ticks of the quote asset (0 for market) |
/// | 36 | 8 | Quantity | i64 | quantity in base units |
/// | 44 | 8 | ProtectionPrice | i64 | market orders: worst price accepted (0 = none) |
/// </code>
/// </remarks>
public readonly record struct NewOrder(
    ulong ClientMessageId,
    ulong ClientOrderId,
    uint Instrument,
    byte Side,
    byte OrderType,
    byte TimeInForce,
    byte SelfTradePrevention,
    byte Flags,
    byte Reserved1,
    ushort Reserved2,
    long Price,
    long Quantity,
    long ProtectionPrice) : IMessage<NewOrder>
{
    public static MessageType Type => MessageType.NewOrder;

    public static byte Version => 1;

    public static int BodySize => 52;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], ClientMessageId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], ClientOrderId);
        BinaryPrimitives.WriteUInt32LittleEndian(body[16..], Instrument);
        body[20] = Side;
        body[21] = OrderType;
        body[22] = TimeInForce;
        body[23] = SelfTradePrevention;
        body[24] = Flags;
        body[25] = Reserved1;
        BinaryPrimitives.WriteUInt16LittleEndian(body[26..], Reserved2);
        BinaryPrimitives.WriteInt64LittleEndian(body[28..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(body[36..], Quantity);
        BinaryPrimitives.WriteInt64LittleEndian(body[44..], ProtectionPrice);
    }

    public static NewOrder ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[16..]),
            body[20],
            body[21],
            body[22],
            body[23],
            body[24],
            body[25],
            BinaryPrimitives.ReadUInt16LittleEndian(body[26..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[28..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[36..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[44..]));
}
