using Exchange.Journal.Format;
using K4os.Compression.LZ4;

namespace Exchange.Journal.Reading;

/// <summary>
/// Reads one segment file record by record through a reused buffer (memory stays bounded
/// whatever the file size), checking each record's length and CRC.
/// </summary>
/// <remarks>
/// Damage rules. A record that runs past the end of the file, a header cut short, or a bad
/// record followed only by zero bytes up to the end of the file is a <b>torn tail</b> (a crash
/// mid-write: appends leave a prefix of what was meant, possibly followed by zeros). A bad record
/// (impossible length or CRC mismatch) followed by any non-zero byte is <b>corruption</b> and
/// throws <see cref="JournalCorruptException"/>. In an LZ4 segment the same rules apply to whole
/// blocks (a torn tail cuts the whole last block), and a record that fails its own CRC inside a
/// block that passed its CRC is corruption.
/// </remarks>
public sealed class SegmentReader : IDisposable
{
    private readonly FileStream _file;
    private readonly bool _lz4;
    private byte[] _buffer = new byte[4096];
    private long _position;
    private RecordHeader _record;
    private byte[] _payloadSource;
    private int _payloadOffset;

    // LZ4 mode: the current decompressed block and where the next record starts in it.
    private byte[] _block = [];
    private int _blockOffset;
    private int _blockLength;
    private long _blockStart;
    private long _blockNextSequence;

    private SegmentReader(string path, FileStream file, SegmentHeader header)
    {
        Path = path;
        _file = file;
        Header = header;
        Length = file.Length;
        _position = SegmentHeader.Size;
        _lz4 = (header.Flags & (ushort)SegmentFeatures.Lz4Blocks) != 0;
        _payloadSource = _buffer;
    }

    /// <summary>Whether records are stored in LZ4 blocks.</summary>
    public bool IsCompressed => _lz4;

    public string Path { get; }

    public SegmentHeader Header { get; }

    public long Length { get; }

    /// <summary>Offset of the current record (after <see cref="Next"/> returned a record), or of the torn tail.</summary>
    public long Offset { get; private set; }

    /// <summary>Offset just past the last intact record read so far.</summary>
    public long Position => _position;

    public RecordHeader Record => _record;

    public ReadOnlySpan<byte> Payload => _payloadSource.AsSpan(_payloadOffset, _record.PayloadLength);

    /// <summary>Set when <see cref="Next"/> returned <see cref="ReadStatus.TornTail"/>.</summary>
    public TornTail? TornTail { get; private set; }

    /// <exception cref="JournalCorruptException">The file is not a segment this build can read.</exception>
    public static SegmentReader Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16, FileOptions.SequentialScan);
        try
        {
            Span<byte> header = stackalloc byte[SegmentHeader.Size];
            var read = file.ReadAtLeast(header, SegmentHeader.Size, throwOnEndOfStream: false);
            if (!SegmentHeader.TryRead(header[..read], out var parsed, out var error))
            {
                throw new JournalCorruptException(path, 0, null, error!);
            }

            return new SegmentReader(path, file, parsed);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public ReadStatus Next() => _lz4 ? NextFromBlock() : NextPlain();

    private ReadStatus NextPlain()
    {
        Offset = _position;
        var remaining = Length - _position;
        if (remaining == 0)
        {
            return ReadStatus.EndOfSegment;
        }

        if (remaining < RecordHeader.Size)
        {
            return Torn($"{remaining} bytes left, less than a record header");
        }

        _file.Position = _position;
        _file.ReadExactly(_buffer.AsSpan(0, RecordHeader.Size));
        var header = RecordHeader.Read(_buffer);
        if (header.PayloadLength < 0 || header.PayloadLength > RecordHeader.MaxPayloadLength)
        {
            return ZerosFrom(_position) ? Torn("zero-filled tail") : throw Corrupt(null, $"impossible record length {header.PayloadLength}");
        }

        if (header.TotalLength > remaining)
        {
            return Torn($"record of {header.TotalLength} bytes runs past the end of the file");
        }

        if (_buffer.Length < header.TotalLength)
        {
            Array.Resize(ref _buffer, Math.Max(header.TotalLength, _buffer.Length * 2));
        }

        _file.ReadExactly(_buffer.AsSpan(RecordHeader.Size, header.PayloadLength));
        if (!RecordHeader.IsIntact(_buffer, header))
        {
            return ZerosFrom(_position + header.TotalLength)
                ? Torn("CRC mismatch in the last record")
                : throw Corrupt(header.Sequence, "record CRC mismatch");
        }

        _record = header;
        _payloadSource = _buffer;
        _payloadOffset = RecordHeader.Size;
        _position += header.TotalLength;
        return ReadStatus.Record;
    }

    private ReadStatus NextFromBlock()
    {
        while (_blockOffset >= _blockLength)
        {
            var status = LoadNextBlock();
            if (status != ReadStatus.Record)
            {
                return status;
            }
        }

        Offset = _blockStart;
        var span = _block.AsSpan(_blockOffset, _blockLength - _blockOffset);
        if (span.Length < RecordHeader.Size)
        {
            throw Corrupt(_blockNextSequence, "block ends inside a record header");
        }

        var header = RecordHeader.Read(span);
        if (header.PayloadLength < 0 || header.PayloadLength > RecordHeader.MaxPayloadLength || header.TotalLength > span.Length)
        {
            throw Corrupt(_blockNextSequence, $"impossible record length {header.PayloadLength} inside a block");
        }

        if (!RecordHeader.IsIntact(span, header))
        {
            throw Corrupt(header.Sequence, "record CRC mismatch inside a block");
        }

        _record = header;
        _payloadSource = _block;
        _payloadOffset = _blockOffset + RecordHeader.Size;
        _blockOffset += header.TotalLength;
        _blockNextSequence = header.Sequence + 1;
        return ReadStatus.Record;
    }

    /// <summary>Reads, checks and decompresses the next block; returns Record when one is ready.</summary>
    private ReadStatus LoadNextBlock()
    {
        Offset = _position;
        var remaining = Length - _position;
        if (remaining == 0)
        {
            return ReadStatus.EndOfSegment;
        }

        if (remaining < BlockHeader.Size)
        {
            return Torn($"{remaining} bytes left, less than a block header");
        }

        _file.Position = _position;
        _file.ReadExactly(_buffer.AsSpan(0, BlockHeader.Size));
        var header = BlockHeader.Read(_buffer);
        if (!header.HasPlausibleLengths)
        {
            return ZerosFrom(_position) ? Torn("zero-filled tail") : throw Corrupt(null, $"impossible block lengths {header.CompressedLength}/{header.UncompressedLength}");
        }

        if (header.TotalLength > remaining)
        {
            return Torn($"block of {header.TotalLength} bytes runs past the end of the file");
        }

        if (_buffer.Length < header.TotalLength)
        {
            Array.Resize(ref _buffer, Math.Max(header.TotalLength, _buffer.Length * 2));
        }

        _file.ReadExactly(_buffer.AsSpan(BlockHeader.Size, header.CompressedLength));
        if (!header.IsIntact(_buffer, _buffer.AsSpan(BlockHeader.Size, header.CompressedLength)))
        {
            return ZerosFrom(_position + header.TotalLength)
                ? Torn("CRC mismatch in the last block")
                : throw Corrupt(header.FirstSequence, "block CRC mismatch");
        }

        if (_block.Length < header.UncompressedLength)
        {
            _block = new byte[Math.Max(header.UncompressedLength, _block.Length * 2)];
        }

        var decoded = LZ4Codec.Decode(_buffer.AsSpan(BlockHeader.Size, header.CompressedLength), _block.AsSpan(0, header.UncompressedLength));
        if (decoded != header.UncompressedLength)
        {
            throw Corrupt(header.FirstSequence, "block does not decompress to its stated length");
        }

        _blockStart = _position;
        _blockOffset = 0;
        _blockLength = decoded;
        _blockNextSequence = header.FirstSequence;
        _position += header.TotalLength;
        return ReadStatus.Record;
    }

    public JournalCorruptException Corrupt(long? sequence, string problem) => new(Path, Offset, sequence, problem);

    public void Dispose() => _file.Dispose();

    private ReadStatus Torn(string reason)
    {
        TornTail = new TornTail(Path, Offset, Length - Offset, reason);
        return ReadStatus.TornTail;
    }

    /// <summary>Whether every byte from <paramref name="from"/> to the end of the file is zero.</summary>
    private bool ZerosFrom(long from)
    {
        var saved = _file.Position;
        _file.Position = from;
        Span<byte> chunk = stackalloc byte[4096];
        int read;
        while ((read = _file.Read(chunk)) > 0)
        {
            if (chunk[..read].ContainsAnyExcept((byte)0))
            {
                _file.Position = saved;
                return false;
            }
        }

        _file.Position = saved;
        return true;
    }
}
