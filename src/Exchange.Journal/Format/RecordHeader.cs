using System.Buffers.Binary;

namespace Exchange.Journal.Format;

/// <summary>
/// The 28-byte header in front of every record's payload. Little-endian.
/// <code>
///  0               4               8                              16
///  +---------------+---------------+-------------------------------+
///  | payload length|    CRC32C     |           sequence            |
///  +---------------+---------------+-------------------------------+
///  16                              24      25      26      28
///  +-------------------------------+-------+-------+-------+--------------------+
///  |     timestamp (ns, engine)    | type  |version|  0 0  | payload (length B) |
///  +-------------------------------+-------+-------+-------+--------------------+
/// </code>
/// The CRC covers bytes 8 to the end of the payload (sequence, timestamp, type, version,
/// reserved, payload), so a record whose length field was torn fails it too.
/// </summary>
public readonly record struct RecordHeader(int PayloadLength, uint Crc, long Sequence, long Timestamp, byte CommandType, byte CommandVersion)
{
    public const int Size = 28;

    /// <summary>No command payload is anywhere near this; a larger length is damage.</summary>
    public const int MaxPayloadLength = 64 * 1024;

    /// <summary>Offset where the CRC-covered bytes begin.</summary>
    public const int CoveredFrom = 8;

    public int TotalLength => Size + PayloadLength;

    /// <summary>Writes the header (CRC included) in front of a payload already in place at <c>record[Size..]</c>.</summary>
    public static void Write(Span<byte> record, int payloadLength, long sequence, long timestamp, byte commandType, byte commandVersion)
    {
        BinaryPrimitives.WriteInt32LittleEndian(record, payloadLength);
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], sequence);
        BinaryPrimitives.WriteInt64LittleEndian(record[16..], timestamp);
        record[24] = commandType;
        record[25] = commandVersion;
        record[26] = 0;
        record[27] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Checksum.Of(record[CoveredFrom..(Size + payloadLength)]));
    }

    public static RecordHeader Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadInt32LittleEndian(source),
        BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[16..]),
        source[24],
        source[25]);

    /// <summary>Whether the CRC matches the bytes of a whole record (header and payload).</summary>
    public static bool IsIntact(ReadOnlySpan<byte> record, RecordHeader header) =>
        Checksum.Of(record[CoveredFrom..header.TotalLength]) == header.Crc;
}
