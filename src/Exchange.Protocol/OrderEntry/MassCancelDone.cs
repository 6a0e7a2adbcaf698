using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.OrderEntry;

/// <summary>A mass cancel finished: how many orders it canceled (0 when none were open). Unsequenced, to the account's protocol version 3 sessions; the cancels themselves are numbered <see cref="OrderCanceled"/> messages before it.</summary>
/// <remarks>
/// Type 0x97, version 1, body 40 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | Sequence | u64 | 0: not part of the numbered stream |
/// | 8 | 8 | EngineSequence | u64 | engine command sequence |
/// | 16 | 8 | Timestamp | i64 | engine time, ns since the Unix epoch |
/// | 24 | 8 | ClientMessageId | u64 | the MassCancel's id |
/// | 32 | 4 | Instrument | u32 | instrument id or 0 (all) |
/// | 36 | 4 | Canceled | u32 | orders canceled |
/// </code>
/// </remarks>
public readonly record struct MassCancelDone(
    ulong Sequence,
    ulong EngineSequence,
    long Timestamp,
    ulong ClientMessageId,
    uint Instrument,
    uint Canceled) : IMessage<MassCancelDone>
{
    public static MessageType Type => MessageType.MassCancelDone;

    public static byte Version => 1;

    public static int BodySize => 40;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], Sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], EngineSequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[16..], Timestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(body[24..], ClientMessageId);
        BinaryPrimitives.WriteUInt32LittleEndian(body[32..], Instrument);
        BinaryPrimitives.WriteUInt32LittleEndian(body[36..], Canceled);
    }

    public static MassCancelDone ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(body[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[32..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[36..]));
}
