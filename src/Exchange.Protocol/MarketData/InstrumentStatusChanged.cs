using System.Buffers.Binary;
using Exchange.Protocol.Framing;

namespace Exchange.Protocol.MarketData;

/// <summary>An instrument was added, halted or resumed: pushed, unsequenced, to every protocol version 3 session (market-data-only ones too), whatever it subscribed; details by <see cref="Queries.QueryInstruments"/>.</summary>
/// <remarks>
/// Type 0xA3, version 1, body 32 bytes (after the 4-byte frame header), little-endian:
/// <code>
/// | offset | size | field | type | meaning |
/// | 0 | 8 | EngineSequence | u64 | engine command sequence |
/// | 8 | 8 | Timestamp | i64 | engine time, ns since the Unix epoch |
/// | 16 | 4 | Instrument | u32 | instrument id |
/// | 20 | 1 | Status | u8 | 1 trading, 2 halted |
/// | 21 | 1 | Change | u8 | 1 added, 2 halted, 3 resumed |
/// | 22 | 2 | Reserved | u16 | zero |
/// | 24 | 8 | Price | i64 | added: the start price; otherwise 0 |
/// </code>
/// </remarks>
public readonly record struct InstrumentStatusChanged(
    ulong EngineSequence,
    long Timestamp,
    uint Instrument,
    byte Status,
    byte Change,
    ushort Reserved,
    long Price) : IMessage<InstrumentStatusChanged>
{
    public static MessageType Type => MessageType.InstrumentStatusChanged;

    public static byte Version => 1;

    public static int BodySize => 32;

    public void WriteBody(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body[0..], EngineSequence);
        BinaryPrimitives.WriteInt64LittleEndian(body[8..], Timestamp);
        BinaryPrimitives.WriteUInt32LittleEndian(body[16..], Instrument);
        body[20] = Status;
        body[21] = Change;
        BinaryPrimitives.WriteUInt16LittleEndian(body[22..], Reserved);
        BinaryPrimitives.WriteInt64LittleEndian(body[24..], Price);
    }

    public static InstrumentStatusChanged ReadBody(ReadOnlySpan<byte> body) => new(
            BinaryPrimitives.ReadUInt64LittleEndian(body[0..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(body[16..]),
            body[20],
            body[21],
            BinaryPrimitives.ReadUInt16LittleEndian(body[22..]),
            BinaryPrimitives.ReadInt64LittleEndian(body[24..]));
}
