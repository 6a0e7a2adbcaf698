using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Queries;

/// <summary>One asset's balance, as of the last numbered reply before it. The last report of an answer has flag bit 1; an account with no balances gets one report with asset 0.</summary>
/// <remarks>
/// Type 0xB0, version 1, body 40 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Sequence | u64 | 0: reports are not part of the numbered stream |
/// | 8 | 8 | ClientMessageId | u64 | the query's id |
/// | 16 | 4 | Asset | u32 | asset id (0 = none) |
/// | 20 | 1 | Flags | u8 | bit 1: last report of the answer |
/// | 21 | 1 | Reserved1 | u8 | zero |
/// | 22 | 2 | Reserved2 | u16 | zero |
/// | 24 | 8 | Available | i64 | free balance |
/// | 32 | 8 | Held | i64 | reserved by open orders |
/// </code>
/// </remarks>
public readonly record struct BalanceReport(
    ulong Sequence,
    ulong ClientMessageId,
    uint Asset,
    byte Flags,
    byte Reserved1,
    ushort Reserved2,
    long Available,
    long Held) : IMessage<BalanceReport>
{
    public static MessageType Type => MessageType.BalanceReport;

    public static byte Version => 1;

    public static int BodySize => 40;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], ClientMessageId);
        BinaryPrimitives.WriteUInt32LittleEndian(body[16..], Asset);
        body[20] = Flags;
        body[21] = Reserved1;
        BinaryPrimitives.WriteUInt16LittleEndian(body[22..], Reserved2);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], Available);
        BinaryPrimitives.WriteInt64LittleEndian(body[32..], Held);
    }

    public static BalanceReport ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[16..]),
            body[20],
            body[21],
            BinaryPrimitives.ReadUInt16LittleEndian(body[22..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[32..]));
}
