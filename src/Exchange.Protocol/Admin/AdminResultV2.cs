using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.Admin;

/// <summary>The outcome of an admin command, naming the command it answers (protocol version 3 sessions; older ones get version 1, without the id).</summary>
/// <remarks>
/// Type 0xC0, version 2, body 68 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Sequence | u64 | 0: not part of the numbered stream |
/// | 8 | 8 | EngineSequence | u64 | engine command sequence (for a snapshot: the sequence it was taken at) |
/// | 16 | 1 | Event | u8 | EventType code: 20 instrument added, 21 halted, 22 resumed, 23 account added, 10 balance changed, 24 rejected, 30 snapshot taken |
/// | 17 | 1 | Reserved1 | u8 | zero |
/// | 18 | 2 | Reason | u16 | RejectReason code when rejected |
/// | 20 | 8 | Account | u64 | account |
/// | 28 | 4 | Instrument | u32 | instrument |
/// | 32 | 4 | Asset | u32 | asset |
/// | 36 | 8 | Amount | i64 | amount |
/// | 44 | 8 | Available | i64 | balance after |
/// | 52 | 8 | Held | i64 | held after |
/// | 60 | 8 | ClientMessageId | u64 | the AdminCommand's id |
/// </code>
/// </remarks>
public readonly record struct AdminResultV2(
    ulong Sequence,
    ulong EngineSequence,
    byte Event,
    byte Reserved1,
    ushort Reason,
    ulong Account,
    uint Instrument,
    uint Asset,
    long Amount,
    long Available,
    long Held,
    ulong ClientMessageId) : IMessage<AdminResultV2>
{
    public static MessageType Type => MessageType.AdminResult;

    public static byte Version => 2;

    public static int BodySize => 68;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], EngineSequence);
        body[16] = Event;
        body[17] = Reserved1;
        BinaryPrimitives.WriteUInt16LittleEndian(body[18..], Reason);
        BinaryPrimitives.WriteUInt64LittleEndian(body[20..], Account);
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], Instrument);
        BinaryPrimitives.WriteUInt32LittleEndian(body[32..], Asset);
        BinaryPrimitives.WriteInt64LittleEndian(body[36..], Amount);
        BinaryPrimitives.WriteInt64LittleEndian(body[44..], Available);
        BinaryPrimitives.WriteInt64LittleEndian(body[52..], Held);
        BinaryPrimitives.WriteUInt64LittleEndian(body[60..], ClientMessageId);
    }

    public static AdminResultV2 ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            body[16],
            body[17],
            BinaryPrimitives.ReadUInt16LittleEndian(body[18..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[20..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[28..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[36..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[44..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[52..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[60..]));
}
