using Exchange.Core.Commands;
using K4os.Compression.LZ4;
using Exchange.Journal.Format;
using Exchange.Journal.Reading;

namespace Exchange.Journal.Writing;

/// <summary>
/// Appends commands to the journal in batches: <see cref="Append"/> encodes into a memory buffer,
/// <see cref="Commit"/> writes the whole batch with one write and (in sync mode) one fsync — group
/// commit. Sequences must be consecutive. Segments roll at <see cref="JournalWriterOptions.SegmentBytes"/>.
/// </summary>
/// <remarks>
/// Single-threaded (the journaller's thread). Opening an existing journal requires it to be
/// intact: a torn tail must be cut first (<see cref="JournalRepair"/>), so that nothing is ever
/// appended after damage.
/// </remarks>
public sealed class JournalWriter : IDisposable
{
    private readonly string _directory;
    private readonly JournalWriterOptions _options;
    private byte[] _batch = new byte[1 << 16];
    private int _batchLength;
    private long _batchFirstSequence;
    private FileStream? _segment;
    private long _segmentLength;
    private bool _segmentMatchesOptions;
    private byte[] _block = [];

    public JournalWriter(string directory, JournalWriterOptions? options = null)
    {
        _directory = directory;
        _options = options ?? new JournalWriterOptions();
        Directory.CreateDirectory(directory);
        var segments = JournalDirectory.Segments(directory);
        if (segments.Count > 0)
        {
            OpenForAppend(segments[^1]);
        }
    }

    /// <summary>The last sequence appended (in the batch or on disk); 0 for an empty journal.</summary>
    public long LastSequence { get; private set; }

    /// <summary>The last sequence written to the file by <see cref="Commit"/>.</summary>
    public long CommittedSequence
    {
        get => Volatile.Read(ref _committedSequence);
        private set => Volatile.Write(ref _committedSequence, value);
    }

    /// <summary>The last sequence known to be on disk (fsynced).</summary>
    public long DurableSequence
    {
        get => Volatile.Read(ref _durableSequence);
        private set => Volatile.Write(ref _durableSequence, value);
    }

    public int PendingBytes => _batchLength;

    /// <summary>Batches written (each one write call).</summary>
    public long Commits { get; private set; }

    /// <summary>fsyncs of segment data (one per batch in sync mode).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    public long RecordsWritten { get; private set; }

    public long BytesWritten { get; private set; }

    private long _batchRecords;
    private long _committedSequence;
    private long _durableSequence;
    private long _syncs;

    /// <summary>Held by <see cref="Sync"/> and while the segment file is swapped or closed, so an fsync from another thread never meets a closed file.</summary>
    private readonly object _syncGate = new();

    public void Append(in Command command)
    {
        // An empty journal may start at any sequence (after a snapshot); from then on there are no gaps.
        if (LastSequence != 0 && command.Sequence != LastSequence + 1)
        {
            throw new InvalidOperationException($"Journal sequence {command.Sequence} does not follow {LastSequence}.");
        }

        if (command.Sequence <= 0)
        {
            throw new InvalidOperationException($"Journal sequences start at 1 (got {command.Sequence}).");
        }

        var needed = RecordHeader.Size + CommandCodec.MaxSize(command);
        if (_batch.Length - _batchLength < needed)
        {
            Array.Resize(ref _batch, Math.Max(_batch.Length * 2, _batchLength + needed));
        }

        var record = _batch.AsSpan(_batchLength);
        var payloadLength = CommandCodec.Encode(command, record[RecordHeader.Size..]);
        if (payloadLength > RecordHeader.MaxPayloadLength)
        {
            // A reader would take such a record for damage; refuse it before it reaches the file.
            throw new InvalidOperationException($"Command {command.Sequence} encodes to {payloadLength} bytes, more than a record holds ({RecordHeader.MaxPayloadLength}).");
        }
        RecordHeader.Write(record, payloadLength, command.Sequence, command.Timestamp, (byte)command.Type, CommandCodec.VersionFor(command));
        if (_batchLength == 0)
        {
            _batchFirstSequence = command.Sequence;
        }

        _batchLength += RecordHeader.Size + payloadLength;
        _batchRecords++;
        LastSequence = command.Sequence;
    }

    /// <summary>Writes the pending batch with one write call and, in sync mode, makes it durable with one fsync.</summary>
    public void Commit()
    {
        if (_batchLength == 0)
        {
            return;
        }

        if (_segment is null || !_segmentMatchesOptions || (_segmentLength > SegmentHeader.Size && _segmentLength + _batchLength > _options.SegmentBytes))
        {
            RollTo(_batchFirstSequence);
        }

        var written = _options.Lz4Blocks ? WriteBlock() : WritePlain();
        _segmentLength += written;
        Commits++;
        RecordsWritten += _batchRecords;
        BytesWritten += written;
        _batchRecords = 0;
        _batchLength = 0;
        CommittedSequence = LastSequence;
        if (_options.SyncOnCommit)
        {
            Sync();
        }
    }

    private int WritePlain()
    {
        _segment!.Write(_batch, 0, _batchLength);
        return _batchLength;
    }

    /// <summary>The batch as one LZ4 block: header, then the compressed records.</summary>
    private int WriteBlock()
    {
        var needed = BlockHeader.Size + LZ4Codec.MaximumOutputSize(_batchLength);
        if (_block.Length < needed)
        {
            _block = new byte[Math.Max(needed, _block.Length * 2)];
        }

        var compressed = LZ4Codec.Encode(_batch.AsSpan(0, _batchLength), _block.AsSpan(BlockHeader.Size));
        if (compressed < 0)
        {
            throw new InvalidOperationException("LZ4 compression failed for a journal block.");
        }

        BlockHeader.Write(_block, compressed, _batchLength, _batchFirstSequence, (int)_batchRecords);
        _segment!.Write(_block, 0, BlockHeader.Size + compressed);
        return BlockHeader.Size + compressed;
    }

    /// <summary>
    /// Flushes what was committed to the disk (fdatasync on Linux, fsync elsewhere). Safe to call from
    /// another thread while the writer thread appends and commits (the async mode's syncer does):
    /// everything committed before the call is durable when it returns. The writer thread waits for it
    /// only to roll a segment; its appends may still wait in the kernel while the disk is busy.
    /// </summary>
    public void Sync()
    {
        lock (_syncGate)
        {
            var committed = CommittedSequence;
            if (_segment is null || DurableSequence >= committed)
            {
                return;
            }

            // Writes are unbuffered (bufferSize 0): what Commit wrote is in the file, and fsync on the
            // handle does not touch the stream's position, so the writer thread may write meanwhile.
            SegmentFile.FlushData(_segment);
            Interlocked.Increment(ref _syncs);
            DurableSequence = committed;
        }
    }

    public void Dispose()
    {
        Commit();
        Sync();
        lock (_syncGate)
        {
            _segment?.Dispose();
            _segment = null;
        }
    }

    private void OpenForAppend(string path)
    {
        long last = 0;
        using (var reader = SegmentReader.Open(path))
        {
            long expected = reader.Header.FirstSequence;
            ReadStatus status;
            while ((status = reader.Next()) == ReadStatus.Record)
            {
                if (reader.Record.Sequence != expected)
                {
                    throw reader.Corrupt(reader.Record.Sequence, $"sequence {reader.Record.Sequence} where {expected} was expected");
                }

                last = reader.Record.Sequence;
                expected++;
            }

            if (status == ReadStatus.TornTail)
            {
                throw new InvalidOperationException(
                    $"The journal ends in a torn record ({reader.TornTail!.Bytes} bytes at offset {reader.TornTail.Offset} of {path}); repair it before appending.");
            }

            last = last == 0 ? reader.Header.FirstSequence - 1 : last;
            _segmentMatchesOptions = ((reader.Header.Flags & (ushort)SegmentFeatures.Lz4Blocks) != 0) == _options.Lz4Blocks;
        }

        _segment = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _segmentLength = _segment.Seek(0, SeekOrigin.End);
        SegmentFile.Reserve(_segment, Math.Max(_options.SegmentBytes, _segmentLength));
        LastSequence = CommittedSequence = DurableSequence = last;
    }

    private void RollTo(long firstSequence)
    {
        lock (_syncGate)
        {
            RollUnderSyncGate(firstSequence);
        }
    }

    private void RollUnderSyncGate(long firstSequence)
    {
        if (_segment is not null)
        {
            SegmentFile.FlushData(_segment);
            _segment.Dispose();
        }

        var path = JournalDirectory.SegmentPath(_directory, firstSequence);
        if (File.Exists(path) && new FileInfo(path).Length <= SegmentHeader.Size)
        {
            File.Delete(path); // a segment left with no records (crash right after a roll): start it again
        }

        _segment = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        SegmentFile.Reserve(_segment, _options.SegmentBytes);
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        var flags = _options.Lz4Blocks ? SegmentFeatures.Lz4Blocks : SegmentFeatures.None;
        new SegmentHeader(SegmentHeader.CurrentVersion, (ushort)flags, firstSequence, FirstBatchTimestamp()).Write(header);
        _segment.Write(header);
        SegmentFile.FlushData(_segment);
        DirectorySync.Flush(_directory);
        _segmentLength = SegmentHeader.Size;
        _segmentMatchesOptions = true;
    }


    /// <summary>The creation time of a new segment: the timestamp of its first record (the engine's clock, not this machine's).</summary>
    private long FirstBatchTimestamp() => RecordHeader.Read(_batch).Timestamp;
}
