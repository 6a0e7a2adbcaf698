using System.Buffers.Binary;

namespace Exchange.Journal.Format;

/// <summary>
/// The fixed 64-byte header at the start of every journal segment file. Little-endian.
/// <code>
///  0               4       6       8                              16
///  +---------------+-------+-------+-------------------------------+
///  | magic "EXJL"  |version| flags |        first sequence         |
///  +---------------+-------+-------+-------------------------------+
///  16                              24                              60      64
///  +-------------------------------+----------- reserved ----------+-------+
///  |   created (ns since epoch)    |            (zero)             | CRC32C|
///  +-------------------------------+-------------------------------+-------+
/// </code>
/// The CRC covers bytes 0–59. A file whose first 4 bytes are not the magic is not a journal; a
/// version above <see cref="CurrentVersion"/> is refused with a clear error.
/// </summary>
public readonly record struct SegmentHeader(ushort Version, ushort Flags, long FirstSequence, long CreatedTimestamp)
{
    public const int Size = 64;
    public const uint Magic = 0x4C4A5845; // "EXJL" little-endian
    public const ushort CurrentVersion = 1;

    private const int CrcOffset = 60;

    public void Write(Span<byte> destination)
    {
        var header = destination[..Size];
        header.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], Flags);
        BinaryPrimitives.WriteInt64LittleEndian(header[8..], FirstSequence);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], CreatedTimestamp);
        BinaryPrimitives.WriteUInt32LittleEndian(header[CrcOffset..], Checksum.Of(header[..CrcOffset]));
    }

    /// <summary>Reads and checks a header; the error says what is wrong.</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out SegmentHeader header, out string? error)
    {
        header = default;
        if (source.Length < Size)
        {
            error = $"file is shorter ({source.Length} bytes) than a segment header ({Size} bytes)";
            return false;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
        {
            error = "not a journal segment (bad magic)";
            return false;
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(source[CrcOffset..]) != Checksum.Of(source[..CrcOffset]))
        {
            error = "segment header CRC mismatch";
            return false;
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(source[4..]);
        if (version > CurrentVersion)
        {
            error = $"segment format version {version} is newer than this build reads ({CurrentVersion})";
            return false;
        }

        header = new SegmentHeader(version, BinaryPrimitives.ReadUInt16LittleEndian(source[6..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[8..]), BinaryPrimitives.ReadInt64LittleEndian(source[16..]));
        error = null;
        return true;
    }
}
