using System.Buffers.Binary;

namespace Exchange.Journal.Format;

/// <summary>
/// In a segment whose header has <see cref="SegmentFeatures.Lz4Blocks"/>, records are stored in
/// LZ4-compressed blocks (one block per committed batch). Each block is this 24-byte header
/// followed by the compressed bytes; decompressed, a block is a run of ordinary records, each
/// with its own header and CRC.
/// <code>
///  0                4                  8                               16               20       24
///  +----------------+------------------+-------------------------------+----------------+--------+
///  |compressed bytes|uncompressed bytes|   first sequence in the block |  record count   | CRC32C |
///  +----------------+------------------+-------------------------------+----------------+--------+
/// </code>
/// The CRC covers header bytes 0–19 and the compressed bytes.
/// </summary>
public readonly record struct BlockHeader(int CompressedLength, int UncompressedLength, long FirstSequence, int RecordCount, uint Crc)
{
    public const int Size = 24;

    /// <summary>No batch comes near this; a larger length is damage.</summary>
    public const int MaxLength = 256 * 1024 * 1024;

    public int TotalLength => Size + CompressedLength;

    public static void Write(Span<byte> block, int compressedLength, int uncompressedLength, long firstSequence, int recordCount)
    {
        BinaryPrimitives.WriteInt32LittleEndian(block, compressedLength);
        BinaryPrimitives.WriteInt32LittleEndian(block[4..], uncompressedLength);
        BinaryPrimitives.WriteInt64LittleEndian(block[8..], firstSequence);
        BinaryPrimitives.WriteInt32LittleEndian(block[16..], recordCount);
        BinaryPrimitives.WriteUInt32LittleEndian(block[20..], Checksum.Of(block[..20], block.Slice(Size, compressedLength)));
    }

    public static BlockHeader Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadInt32LittleEndian(source),
        BinaryPrimitives.ReadInt32LittleEndian(source[4..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
        BinaryPrimitives.ReadInt32LittleEndian(source[16..]),
        BinaryPrimitives.ReadUInt32LittleEndian(source[20..]));

    public bool HasPlausibleLengths => CompressedLength is >= 0 and <= MaxLength && UncompressedLength is >= 0 and <= MaxLength && RecordCount >= 0;

    public bool IsIntact(ReadOnlySpan<byte> header, ReadOnlySpan<byte> compressed) => Checksum.Of(header[..20], compressed) == Crc;
}
