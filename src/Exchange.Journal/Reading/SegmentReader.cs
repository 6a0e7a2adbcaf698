using Exchange.Journal.Format;
using K4os.Compression.LZ4;

namespace Exchange.Journal.Reading;

/// <summary>
/// Reads one segment file batch by batch through reused buffers (memory stays bounded by the
/// largest batch whatever the file size) and hands out its command records one at a time. A batch
/// is checked whole before any of its records is returned: lengths, CRCs, and in a chained segment
/// (format version 2) the seal that closes it and, optionally, its link of the hash chain. Seals are
/// not returned as records; <see cref="Chain"/> says where the chain stands.
/// </summary>
/// <remarks>
/// <para>Damage rules (docs/journal-format.md). A <b>torn tail</b> is the last write cut short by a
/// crash: a batch without its seal at the end of the file, a record or block that runs past the
/// end and is not a complete one with a damaged length, a zero-filled end, or a last record failing
/// its CRC whose zero-filled end reaches back over a sector boundary. It is reported (from the start
/// of its batch) in <see cref="TornTail"/>, never thrown.</para>
/// <para>Anything else is <b>corruption</b> and throws <see cref="JournalCorruptException"/>: a bad
/// record or block followed by non-zero bytes, a valid record found after a bad one, a complete last
/// record whose CRC mismatch one flipped bit explains, a seal that disagrees with its batch, a
/// broken chain. Recovery therefore never keeps fewer records than were committed without saying so.</para>
/// </remarks>
public sealed class SegmentReader : IDisposable
{
    /// <summary>How far past the last good sequence a record found after damage may claim to be and still count as real.</summary>
    private const long PlausibleSequenceGap = 1 << 20;

    private readonly Stream _file;
    private readonly bool _lz4;
    private readonly bool _verifyChain;
    private byte[] _read = new byte[4096];

    // The current batch: its records as written (plain) or decompressed (LZ4), the seal excluded.
    private byte[] _batch = new byte[4096];
    private int _batchLength;
    private int _recordOffset;
    private long _batchStart;
    private ChainPoint _batchSeal;
    private long _position;
    private long _lastSequence;
    private RecordHeader _record;
    private System.Security.Cryptography.IncrementalHash? _sha256;

    private SegmentReader(string path, Stream file, SegmentHeader header, bool verifyChain)
    {
        Path = path;
        _file = file;
        Header = header;
        Length = file.Length;
        _position = SegmentHeader.Size;
        _lz4 = (header.Flags & (ushort)SegmentFeatures.Lz4Blocks) != 0;
        _verifyChain = verifyChain;
        Chain = new ChainPoint(header.FirstSequence - 1, header.ChainBefore);
        _batchSeal = Chain;
        _lastSequence = header.FirstSequence - 1;
    }

    /// <summary>Whether records are stored in LZ4 blocks.</summary>
    public bool IsCompressed => _lz4;

    public string Path { get; }

    public SegmentHeader Header { get; }

    public long Length { get; }

    /// <summary>Offset of the current record (in an LZ4 segment: of its block), or of the torn tail.</summary>
    public long Offset { get; private set; }

    /// <summary>Offset just past the current record (in an LZ4 segment: past its block).</summary>
    public long Position => _lz4 ? _position : _batchStart + _recordOffset;

    /// <summary>
    /// The chain value after the last batch all of whose records have been returned (before the
    /// first batch: the header's). In a version 1 segment every record is its own batch and its
    /// value is zero: such records are not chained.
    /// </summary>
    public ChainPoint Chain { get; private set; }

    public RecordHeader Record => _record;

    public ReadOnlySpan<byte> Payload => _batch.AsSpan(_recordOffset - _record.TotalLength + RecordHeader.Size, _record.PayloadLength);

    /// <summary>The command records of the batch the current record belongs to, exactly as written (seal excluded): what a primary ships to a standby.</summary>
    public ReadOnlySpan<byte> BatchRecords => _batch.AsSpan(0, _batchLength);

    /// <summary>The file offset just past the current batch (its seal, or its LZ4 block): where a cut after it begins.</summary>
    public long BatchEndOffset => _position;

    /// <summary>The chain point the current batch ends at (its last sequence and its seal's value).</summary>
    public ChainPoint BatchEnd => _batchSeal;

    /// <summary>Set when <see cref="Next"/> returned <see cref="ReadStatus.TornTail"/>.</summary>
    public TornTail? TornTail { get; private set; }

    /// <summary>An archived segment, decompressed into memory (segments are at most tens of MB).</summary>
    private static MemoryStream Decompressed(string path)
    {
        var memory = new MemoryStream();
        try
        {
            using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
            gzip.CopyTo(memory);
        }
        catch (InvalidDataException ex)
        {
            throw new JournalCorruptException(path, 0, JournalDirectory.FirstSequenceOf(path), $"archived segment cannot be decompressed ({ex.Message})");
        }

        memory.Position = 0;
        return memory;
    }

    /// <param name="path">The segment file.</param>
    /// <param name="verifyChain">Recompute each batch's link of the hash chain and compare it with its seal.</param>
    /// <exception cref="JournalCorruptException">The file is not a segment this build can read, or its name disagrees with its header.</exception>
    public static SegmentReader Open(string path, bool verifyChain = true)
    {
        Stream file = JournalDirectory.IsArchived(path) ? Decompressed(path)
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16, FileOptions.SequentialScan);
        try
        {
            Span<byte> header = stackalloc byte[SegmentHeader.Size];
            var read = file.ReadAtLeast(header, SegmentHeader.Size, throwOnEndOfStream: false);
            if (!SegmentHeader.TryRead(header[..read], out var parsed, out var error))
            {
                throw new JournalCorruptException(path, 0, null, error!);
            }

            var named = JournalDirectory.FirstSequenceOf(path);
            if (named != parsed.FirstSequence)
            {
                throw new JournalCorruptException(path, 0, parsed.FirstSequence,
                    $"the file name says the segment starts at sequence {named} but its header says {parsed.FirstSequence} (renamed or copied by hand?)");
            }

            return new SegmentReader(path, file, parsed, verifyChain);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The next command record of the segment, the end of it, or a torn tail; throws on corruption.</summary>
    public ReadStatus Next()
    {
        while (_recordOffset >= _batchLength)
        {
            Chain = _batchSeal;
            var status = _lz4 ? LoadBlock() : LoadPlainBatch();
            if (status != ReadStatus.Record)
            {
                return status;
            }
        }

        var header = RecordHeader.Read(_batch.AsSpan(_recordOffset));
        Offset = _lz4 ? _batchStart : _batchStart + _recordOffset;
        _record = header;
        _recordOffset += header.TotalLength;
        return ReadStatus.Record;
    }

    public JournalCorruptException Corrupt(long? sequence, string problem) => new(Path, Offset, sequence, problem);

    /// <summary>
    /// Moves to <paramref name="offset"/>, just after the batch whose last record is <paramref name="lastSequence"/>,
    /// without reading what comes before: the seal ending there is read and checked (its CRC, that it is a seal,
    /// its sequence) and its chain value becomes this reader's, so the batches after it are verified as usual.
    /// False, leaving the reader where it was, for a compressed segment or when no such seal ends there.
    /// </summary>
    public bool TryResumeAfterBatch(long offset, long lastSequence)
    {
        if (_lz4 || !Header.IsChained || _position != SegmentHeader.Size || offset < SegmentHeader.Size + BatchSeal.RecordSize || offset > Length)
        {
            return false;
        }

        Span<byte> record = stackalloc byte[BatchSeal.RecordSize];
        ReadAt(offset - BatchSeal.RecordSize, record);
        var header = RecordHeader.Read(record);
        if (!BatchSeal.IsSeal(header) || header.PayloadLength != BatchSeal.PayloadSize || header.Sequence != lastSequence || !RecordHeader.IsIntact(record, header))
        {
            return false;
        }

        Chain = new ChainPoint(lastSequence, BatchSeal.Read(record[RecordHeader.Size..]).Chain);
        _batchSeal = Chain;
        _lastSequence = lastSequence;
        _position = offset;
        _batchLength = 0;
        _recordOffset = 0;
        return true;
    }

    public void Dispose()
    {
        _file.Dispose();
        _sha256?.Dispose();
    }

    /// <summary>Reads the records of the next batch (up to and including its seal) into the batch buffer.</summary>
    private ReadStatus LoadPlainBatch()
    {
        var start = _position;
        var position = start;
        var length = 0;
        var count = 0;
        var first = 0L;
        while (true)
        {
            Offset = position;
            var remaining = Length - position;
            if (remaining == 0)
            {
                return position == start ? ReadStatus.EndOfSegment : Torn(start, $"the last batch ({count} records) has no seal: its write was cut short");
            }

            if (remaining < RecordHeader.Size)
            {
                return Torn(start, $"{remaining} bytes left, less than a record header");
            }

            EnsureCapacity(ref _batch, length + RecordHeader.Size);
            var record = _batch.AsSpan(length);
            ReadAt(position, record[..RecordHeader.Size]);
            var header = RecordHeader.Read(record);
            if (header.PayloadLength < 0 || header.PayloadLength > RecordHeader.MaxPayloadLength)
            {
                return ZerosFrom(position) ? Torn(start, "zero-filled tail") : throw Corrupt(null, $"impossible record length {header.PayloadLength}");
            }

            if (header.TotalLength > remaining)
            {
                return IsCompleteRecordWithDamagedLength(position, header) || HasValidRecordAfter(position)
                    ? throw Corrupt(_lastSequence + 1, $"record length {header.PayloadLength} runs past the end of the file, but the bytes after it hold a complete record: the length field is damaged")
                    : Torn(start, $"record of {header.TotalLength} bytes runs past the end of the file");
            }

            EnsureCapacity(ref _batch, length + header.TotalLength);
            record = _batch.AsSpan(length, header.TotalLength);
            ReadAt(position + RecordHeader.Size, record[RecordHeader.Size..]);
            if (!RecordHeader.IsIntact(record, header))
            {
                return ClassifyBadLastUnit(start, position, record, header.Sequence, "record",
                    record[RecordHeader.CoveredFrom..], [], header.Crc, IsCompleteRecordWithDamagedLength(position, header));
            }

            if (!Header.IsChained)
            {
                return Loaded(start, position + header.TotalLength, header.TotalLength, new ChainPoint(header.Sequence, ChainValue.Zero));
            }

            if (BatchSeal.IsSeal(header))
            {
                var seal = CheckSeal(record, header, first, count, length);
                return Loaded(start, position + header.TotalLength, length, seal);
            }

            first = count == 0 ? header.Sequence : first;
            count++;
            length += header.TotalLength;
            position += header.TotalLength;
            _lastSequence = Math.Max(_lastSequence, header.Sequence);
        }
    }

    /// <summary>Reads, checks and decompresses the next LZ4 block (one batch).</summary>
    private ReadStatus LoadBlock()
    {
        var start = _position;
        Offset = start;
        var remaining = Length - start;
        if (remaining == 0)
        {
            return ReadStatus.EndOfSegment;
        }

        if (remaining < BlockHeader.Size)
        {
            return Torn(start, $"{remaining} bytes left, less than a block header");
        }

        ReadAt(start, _read.AsSpan(0, BlockHeader.Size));
        var header = BlockHeader.Read(_read);
        if (!header.HasPlausibleLengths)
        {
            return ZerosFrom(start) ? Torn(start, "zero-filled tail") : throw Corrupt(null, $"impossible block lengths {header.CompressedLength}/{header.UncompressedLength}");
        }

        if (header.TotalLength > remaining)
        {
            return IsCompleteBlockWithDamagedLength(start, remaining) || HasValidBlockAfter(start)
                ? throw Corrupt(_lastSequence + 1, $"block of {header.TotalLength} bytes runs past the end of the file, but the bytes after it hold a complete block: its length is damaged")
                : Torn(start, $"block of {header.TotalLength} bytes runs past the end of the file");
        }

        EnsureCapacity(ref _read, header.TotalLength);
        ReadAt(start + BlockHeader.Size, _read.AsSpan(BlockHeader.Size, header.CompressedLength));
        var compressed = _read.AsSpan(BlockHeader.Size, header.CompressedLength);
        if (!header.IsIntact(_read, compressed))
        {
            return ClassifyBadLastUnit(start, start, _read.AsSpan(0, header.TotalLength), header.FirstSequence, "block",
                _read.AsSpan(0, 20), compressed, header.Crc, IsCompleteBlockWithDamagedLength(start, remaining));
        }

        EnsureCapacity(ref _batch, header.UncompressedLength);
        var decoded = LZ4Codec.Decode(compressed, _batch.AsSpan(0, header.UncompressedLength));
        if (decoded != header.UncompressedLength)
        {
            throw Corrupt(header.FirstSequence, "block does not decompress to its stated length");
        }

        return CheckBlockRecords(start, start + header.TotalLength, header);
    }

    /// <summary>Checks every record of a decompressed block; in a chained segment the last must be the batch's seal.</summary>
    private ReadStatus CheckBlockRecords(long start, long end, BlockHeader block)
    {
        var offset = 0;
        var count = 0;
        var first = 0L;
        var last = block.FirstSequence - 1;
        while (offset < block.UncompressedLength)
        {
            var span = _batch.AsSpan(offset, block.UncompressedLength - offset);
            if (span.Length < RecordHeader.Size)
            {
                throw Corrupt(last + 1, "block ends inside a record header");
            }

            var header = RecordHeader.Read(span);
            if (header.PayloadLength < 0 || header.PayloadLength > RecordHeader.MaxPayloadLength || header.TotalLength > span.Length)
            {
                throw Corrupt(last + 1, $"impossible record length {header.PayloadLength} inside a block");
            }

            if (!RecordHeader.IsIntact(span, header))
            {
                throw Corrupt(header.Sequence, "record CRC mismatch inside a block");
            }

            if (BatchSeal.IsSeal(header))
            {
                if (!Header.IsChained || offset + header.TotalLength != block.UncompressedLength)
                {
                    throw Corrupt(header.Sequence, "a batch seal that does not end its block");
                }

                var seal = CheckSeal(span[..header.TotalLength], header, first, count, offset);
                return Loaded(start, end, offset, seal);
            }

            first = count == 0 ? header.Sequence : first;
            count++;
            last = header.Sequence;
            offset += header.TotalLength;
        }

        if (Header.IsChained)
        {
            throw Corrupt(last, "a block of a chained segment without its batch seal");
        }

        _lastSequence = Math.Max(_lastSequence, last);
        return Loaded(start, end, offset, new ChainPoint(last, ChainValue.Zero));
    }

    /// <summary>Checks a seal against the batch before it (records at <c>_batch[0..length]</c>) and, when asked, its chain link.</summary>
    private ChainPoint CheckSeal(ReadOnlySpan<byte> record, RecordHeader header, long first, int count, int length)
    {
        var seal = BatchSeal.Read(record.Slice(RecordHeader.Size, header.PayloadLength));
        var lastCommand = count == 0 ? 0 : RecordHeader.Read(_batch.AsSpan(LastRecordStart(length))).Sequence;
        if (count == 0 || seal.RecordCount != count || seal.FirstSequence != first || header.Sequence != lastCommand)
        {
            throw Corrupt(header.Sequence, $"batch seal says {seal.RecordCount} records from {seal.FirstSequence} to {header.Sequence}, the batch holds {count} from {first} to {lastCommand}");
        }

        if (_verifyChain)
        {
            _sha256 ??= System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            var computed = ChainValue.Next(_sha256, _batchSeal.Value, _batch.AsSpan(0, length));
            if (computed != seal.Chain)
            {
                throw Corrupt(header.Sequence, $"hash chain broken: the batch ending at {header.Sequence} hashes to {computed}, its seal says {seal.Chain}");
            }
        }

        _lastSequence = Math.Max(_lastSequence, header.Sequence);
        return new ChainPoint(header.Sequence, seal.Chain);
    }

    private int LastRecordStart(int length)
    {
        var offset = 0;
        while (true)
        {
            var next = offset + RecordHeader.Read(_batch.AsSpan(offset)).TotalLength;
            if (next >= length)
            {
                return offset;
            }

            offset = next;
        }
    }

    private ReadStatus Loaded(long start, long end, int length, ChainPoint seal)
    {
        _batchStart = start;
        _position = end;
        _batchLength = length;
        _recordOffset = 0;
        _batchSeal = seal;
        return ReadStatus.Record;
    }

    /// <summary>
    /// A record or block that fits in the file and fails its CRC: corruption if anything but zeros
    /// follows it, if a length read to the end of the file makes it whole, or if one flipped bit
    /// explains it; a torn tail if it is all zeros or ends in unwritten sectors; corruption otherwise.
    /// </summary>
    private ReadStatus ClassifyBadLastUnit(long batchStart, long unitStart, ReadOnlySpan<byte> unit, long sequence, string what,
        ReadOnlySpan<byte> coveredFirst, ReadOnlySpan<byte> coveredSecond, uint crc, bool completeToEndOfFile)
    {
        Offset = unitStart;
        if (!ZerosFrom(unitStart + unit.Length))
        {
            throw Corrupt(sequence, $"{what} CRC mismatch");
        }

        if (ZerosFrom(unitStart))
        {
            return Torn(batchStart, "zero-filled tail");
        }

        if (completeToEndOfFile || DamageForensics.IsOneFlippedBit(coveredFirst, coveredSecond, crc))
        {
            throw Corrupt(sequence, $"the last {what} is complete but damaged (CRC mismatch that one flipped bit explains); it was committed, so it is not cut");
        }

        return DamageForensics.EndsInUnwrittenSectors(unit, unitStart)
            ? Torn(batchStart, $"the last {what} ends in zero-filled sectors: its write was cut short")
            : throw Corrupt(sequence, $"the last {what} fails its CRC and does not look cut short");
    }

    /// <summary>Whether the record at <paramref name="position"/> passes its CRC when read to the end of the file: complete, with a damaged length field.</summary>
    private bool IsCompleteRecordWithDamagedLength(long position, RecordHeader header)
    {
        var total = Length - position;
        if (total < RecordHeader.Size || total > RecordHeader.Size + RecordHeader.MaxPayloadLength || total == header.TotalLength)
        {
            return false;
        }

        var bytes = new byte[total];
        ReadAt(position, bytes);
        return Format.Checksum.Of(bytes.AsSpan(RecordHeader.CoveredFrom)) == header.Crc;
    }

    /// <summary>Whether the block at <paramref name="position"/> passes its CRC with a compressed length that reaches the end of the file.</summary>
    private bool IsCompleteBlockWithDamagedLength(long position, long remaining)
    {
        if (remaining > BlockHeader.MaxLength + BlockHeader.Size || remaining < BlockHeader.Size)
        {
            return false;
        }

        var bytes = new byte[remaining];
        ReadAt(position, bytes);
        var header = BlockHeader.Read(bytes);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)(remaining - BlockHeader.Size));
        return Format.Checksum.Of(bytes.AsSpan(0, 20), bytes.AsSpan(BlockHeader.Size)) == header.Crc;
    }

    /// <summary>Whether an intact record with a plausible next sequence starts anywhere after <paramref name="position"/>.</summary>
    private bool HasValidRecordAfter(long position)
    {
        var tail = new byte[Length - position];
        ReadAt(position, tail);
        for (var at = 1; at + RecordHeader.Size <= tail.Length; at++)
        {
            var candidate = tail.AsSpan(at);
            var header = RecordHeader.Read(candidate);
            if (header.PayloadLength >= 0 && header.PayloadLength <= RecordHeader.MaxPayloadLength && header.TotalLength <= candidate.Length
                && header.Sequence > _lastSequence && header.Sequence <= _lastSequence + PlausibleSequenceGap
                && RecordHeader.IsIntact(candidate, header))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an intact block with a plausible first sequence starts anywhere after <paramref name="position"/>.</summary>
    private bool HasValidBlockAfter(long position)
    {
        var tail = new byte[Length - position];
        ReadAt(position, tail);
        for (var at = 1; at + BlockHeader.Size <= tail.Length; at++)
        {
            var candidate = tail.AsSpan(at);
            var header = BlockHeader.Read(candidate);
            if (header.HasPlausibleLengths && header.TotalLength <= candidate.Length
                && header.FirstSequence > _lastSequence && header.FirstSequence <= _lastSequence + PlausibleSequenceGap
                && header.IsIntact(candidate, candidate.Slice(BlockHeader.Size, header.CompressedLength)))
            {
                return true;
            }
        }

        return false;
    }

    private ReadStatus Torn(long offset, string reason)
    {
        Offset = offset;
        TornTail = new TornTail(Path, offset, Length - offset, reason);
        return ReadStatus.TornTail;
    }

    private void ReadAt(long position, Span<byte> destination)
    {
        _file.Position = position;
        _file.ReadExactly(destination);
    }

    private static void EnsureCapacity(ref byte[] buffer, int needed)
    {
        if (buffer.Length < needed)
        {
            Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
        }
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
