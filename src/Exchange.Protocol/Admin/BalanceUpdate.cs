using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Admin;

/// <summary>A change of one of the session's account's balances (part of the numbered stream): a deposit, a withdrawal, or a fill (after its <see cref="OrderEntry.OrderExecuted"/>, one per asset the fill moved).</summary>
/// <remarks>
/// Type 0xC1, version 1, body 56 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Sequence | u64 | session application sequence |
/// | 8 | 8 | EngineSequence | u64 | engine command sequence |
/// | 16 | 8 | Timestamp | i64 | engine time |
/// | 24 | 4 | Asset | u32 | asset |
/// | 28 | 4 | Cause | u32 | 1 deposit, 2 withdrawal, 3 trade (was reserved before protocol version 3: old clients ignore it) |
/// | 32 | 8 | Amount | i64 | the change to available + held: deposited or received (positive), withdrawn or paid with fees (negative) |
/// | 40 | 8 | Available | i64 | available after |
/// | 48 | 8 | Held | i64 | held after |
/// </code>
/// </remarks>
public readonly record struct BalanceUpdate(
    ulong Sequence,
    ulong EngineSequence,
    long Timestamp,
    uint Asset,
    uint Cause,
    long Amount,
    long Available,
    long Held) : IMessage<BalanceUpdate>
{
    public static MessageType Type => MessageType.BalanceUpdate;

    public static byte Version => 1;

    public static int BodySize => 56;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], EngineSequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], Timestamp);
        BinaryPrimitives.WriteUInt32LittleEndian(body[24..], Asset);
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], Cause);
        BinaryPrimitives.WriteInt64LittleEndian(body[32..], Amount);
        BinaryPrimitives.WriteInt64LittleEndian(body[40..], Available);
        BinaryPrimitives.WriteInt64LittleEndian(body[48..], Held);
    }

    public static BalanceUpdate ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[28..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[40..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[48..]));
}
