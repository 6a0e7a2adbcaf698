using System.Buffers.Binary;

namespace Exchange.Journal.Format;

/// <summary>
/// The fixed 64-byte header at the start of every journal segment file. Little-endian.
/// <code>
///  0               4       6       8                              16
///  +---------------+-------+-------+-------------------------------+
///  | magic "EXJL"  |version| flags |        first sequence         |
///  +---------------+-------+-------+-------------------------------+
///  16                              24                              56      60      64
///  +-------------------------------+-------------------------------+-------+-------+
///  |   created (ns since epoch)    | chain value before this       | zero  | CRC32C|
///  |                               | segment (v2; zero in v1)      |       |       |
///  +-------------------------------+-------------------------------+-------+-------+
/// </code>
/// The CRC covers bytes 0–59. A file whose first 4 bytes are not the magic is not a journal; a
/// version above <see cref="CurrentVersion"/> is refused with a clear error. Version 2 segments end
/// every batch with a <see cref="BatchSeal"/> and carry the chain value they continue from, so a
/// segment can be checked on its own; version 1 segments (no seals, no chain) stay readable.
/// </summary>
public readonly record struct SegmentHeader(ushort Version, ushort Flags, long FirstSequence, long CreatedTimestamp, ChainValue ChainBefore = default)
{
    public const int Size = 64;
    public const uint Magic = 0x4C4A5845; // "EXJL" little-endian
    public const ushort CurrentVersion = 2;

    /// <summary>The first version whose batches are sealed and chained.</summary>
    public const ushort ChainedVersion = 2;

    /// <summary>Whether batches in this segment end with a <see cref="BatchSeal"/>.</summary>
    public bool IsChained => Version >= ChainedVersion;

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
        if (Version >= ChainedVersion)
        {
            ChainBefore.Write(header[24..]);
        }

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
            BinaryPrimitives.ReadInt64LittleEndian(source[8..]), BinaryPrimitives.ReadInt64LittleEndian(source[16..]),
            version >= ChainedVersion ? ChainValue.Read(source[24..]) : ChainValue.Zero);
        error = null;
        return true;
    }
}
