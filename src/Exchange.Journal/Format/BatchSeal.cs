using System.Buffers.Binary;

namespace Exchange.Journal.Format;

/// <summary>
/// The record that closes every committed batch in a segment of format version 2: it carries the
/// batch's link of the hash chain and says how many records the batch holds. A batch is committed
/// exactly when its seal is on disk, so a crash in the middle of a write leaves records without a
/// seal, which recovery cuts as a torn tail; the engine never processed them.
/// <code>
///  record header (28 bytes): length 44 | CRC32C | sequence = the batch's last | timestamp = the batch's last | type 0xF0 | version 1 | 0 0
///  0                                32                              40              44
///  +--------------------------------+-------------------------------+---------------+
///  |  chain value (SHA-256, 32 B)   |  first sequence of the batch  | record count  |
///  +--------------------------------+-------------------------------+---------------+
/// </code>
/// The chain value is SHA-256 over the previous chain value (32 bytes) followed by the batch's
/// command records exactly as written (headers and payloads, the seal excluded). A seal takes no
/// sequence number of its own.
/// </summary>
public readonly record struct BatchSeal(ChainValue Chain, long FirstSequence, int RecordCount)
{
    /// <summary>The record type of a seal: outside the command type range, never a command.</summary>
    public const byte RecordType = 0xF0;

    public const byte Version = 1;

    public const int PayloadSize = 44;

    public const int RecordSize = RecordHeader.Size + PayloadSize;

    /// <summary>Writes the whole seal record (header and payload) at <paramref name="record"/>.</summary>
    public void WriteRecord(Span<byte> record, long lastSequence, long lastTimestamp)
    {
        var payload = record.Slice(RecordHeader.Size, PayloadSize);
        Chain.Write(payload);
        BinaryPrimitives.WriteInt64LittleEndian(payload[32..], FirstSequence);
        BinaryPrimitives.WriteInt32LittleEndian(payload[40..], RecordCount);
        RecordHeader.Write(record, PayloadSize, lastSequence, lastTimestamp, RecordType, Version);
    }

    public static bool IsSeal(in RecordHeader header) => header.CommandType == RecordType;

    /// <exception cref="InvalidDataException">The payload is not a seal's.</exception>
    public static BatchSeal Read(ReadOnlySpan<byte> payload) => payload.Length == PayloadSize
        ? new(ChainValue.Read(payload), BinaryPrimitives.ReadInt64LittleEndian(payload[32..]), BinaryPrimitives.ReadInt32LittleEndian(payload[40..]))
        : throw new InvalidDataException($"a batch seal of {payload.Length} bytes, {PayloadSize} expected");
}
