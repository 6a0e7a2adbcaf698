using Exchange.Core.Commands;
using K4os.Compression.LZ4;
using Exchange.Journal.Format;
using Exchange.Journal.Reading;

namespace Exchange.Journal.Writing;

/// <summary>
/// Appends commands to the journal in batches: <see cref="Append"/> encodes into a memory buffer,
/// <see cref="Commit"/> closes the batch with its <see cref="BatchSeal"/> (the next link of the hash
/// chain) and writes it with one write and (in sync mode) one fsync — group commit. Sequences must
/// be consecutive. Segments roll at <see cref="JournalWriterOptions.SegmentBytes"/>.
/// </summary>
/// <remarks>
/// Single-threaded (the journaller's thread), except <see cref="Sync"/>. Opening an existing journal
/// requires it to be intact: a torn tail must be cut first (<see cref="JournalRepair"/>), so that
/// nothing is ever appended after damage. A segment of format version 1 is never appended to: the
/// first commit rolls to a version 2 segment, whose chain starts from zero. Any write or fsync
/// failure poisons the writer (<see cref="JournalWriteFailedException"/> from then on).
/// </remarks>
public sealed class JournalWriter : IDisposable
{
    private readonly string _directory;
    private readonly JournalWriterOptions _options;
    private readonly SegmentIo _io;

    // [records of the batch][seal]: the seal's chain link hashes the previous link and the records.
    private byte[] _batch = new byte[1 << 16];
    private readonly System.Security.Cryptography.IncrementalHash _sha256 =
        System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
    private int _batchLength;
    private long _batchFirstSequence;
    private long _batchLastTimestamp;
    private FileStream? _segment;
    private long _segmentLength;
    private long _segmentFirst;
    private bool _segmentAcceptsAppends;
    private byte[] _block = [];
    private ChainPoint _chain;
    private volatile Exception? _failure;

    public JournalWriter(string directory, JournalWriterOptions? options = null)
    {
        _directory = directory;
        _options = options ?? new JournalWriterOptions();
        _io = _options.Io;
        _chain = new ChainPoint(0, _options.InitialChain);
        Directory.CreateDirectory(directory);
        SegmentCreation.RemoveLeftovers(directory);
        var segments = JournalDirectory.Segments(directory);
        if (segments.Count > 0)
        {
            OpenForAppend(segments[^1]);
        }
    }


    /// <summary>
    /// Starts an empty journal that continues from a snapshot (a data folder seeded with a state
    /// instead of a history): a segment holding only its header, which names the first sequence to
    /// come and the chain value the snapshot recorded. Recovery then accepts the snapshot as the
    /// start of this history; without it, a snapshot over an empty journal is refused.
    /// </summary>
    public static void StartAfterSnapshot(string directory, ChainPoint snapshot, long timestamp)
    {
        Directory.CreateDirectory(directory);
        if (JournalDirectory.Segments(directory).Count > 0)
        {
            throw new InvalidOperationException($"The journal in {directory} is not empty.");
        }

        var path = JournalDirectory.SegmentPath(directory, snapshot.Sequence + 1);
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        new SegmentHeader(SegmentHeader.CurrentVersion, 0, snapshot.Sequence + 1, timestamp, snapshot.Value).Write(header);
        SegmentCreation.Create(path, header, SegmentIo.Default, reserveBytes: 0).Dispose();
    }

    /// <summary>The last sequence appended (in the batch or on disk); 0 for an empty journal.</summary>
    public long LastSequence { get; private set; }

    /// <summary>The chain value after the last committed batch (what <c>journal-tools verify</c> reports as the head).</summary>
    public ChainPoint Chain => _chain;

    /// <summary>Where the journal ends after the last commit: the current segment and the offset after its last batch.</summary>
    public JournalPosition Position => new(_segmentFirst, _segmentLength);

    /// <summary>The failure that poisoned the writer, if any.</summary>
    public Exception? Failure => _failure;

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
        ThrowIfFailed();

        // An empty journal may start at any sequence (after a snapshot); from then on there are no gaps.
        if (LastSequence != 0 && command.Sequence != LastSequence + 1)
        {
            throw new InvalidOperationException($"Journal sequence {command.Sequence} does not follow {LastSequence}.");
        }

        if (command.Sequence <= 0)
        {
            throw new InvalidOperationException($"Journal sequences start at 1 (got {command.Sequence}).");
        }

        var needed = _batchLength + RecordHeader.Size + CommandCodec.MaxSize(command) + BatchSeal.RecordSize;
        if (_batch.Length < needed)
        {
            Array.Resize(ref _batch, Math.Max(_batch.Length * 2, needed));
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
        _batchLastTimestamp = command.Timestamp;
        _batchRecords++;
        LastSequence = command.Sequence;
    }

    /// <summary>Seals the pending batch, writes it with one write call and, in sync mode, makes it durable with one fsync.</summary>
    /// <exception cref="JournalWriteFailedException">The write or fsync failed (now or before): nothing of the batch may be released.</exception>
    public void Commit()
    {
        if (_batchLength == 0)
        {
            return;
        }

        ThrowIfFailed();
        var link = _options.HashChain ? ChainValue.Next(_sha256, _chain.Value, _batch.AsSpan(0, _batchLength)) : ChainValue.Zero;
        CommitSealed(link, _options.Observer);
    }

    /// <summary>Seals the pending batch with its chain <paramref name="link"/>, writes it (rolling the segment first if due), and tells <paramref name="observer"/>.</summary>
    private void CommitSealed(ChainValue link, ICommitObserver? observer)
    {
        var length = _batchLength;
        var first = _batchFirstSequence;
        var count = (int)_batchRecords;
        try
        {
            if (_segment is null || !_segmentAcceptsAppends || (_segmentLength > SegmentHeader.Size && _segmentLength + _batchLength > _options.SegmentBytes))
            {
                RollTo(_batchFirstSequence);
            }

            new BatchSeal(link, _batchFirstSequence, (int)_batchRecords).WriteRecord(_batch.AsSpan(_batchLength), LastSequence, _batchLastTimestamp);
            var sealedLength = _batchLength + BatchSeal.RecordSize;
            var written = _options.Lz4Blocks ? WriteBlock(sealedLength) : WritePlain(sealedLength);
            _segmentLength += written;
            Commits++;
            RecordsWritten += _batchRecords;
            BytesWritten += written;
            _batchRecords = 0;
            _batchLength = 0;
            _chain = new ChainPoint(LastSequence, link);
            CommittedSequence = LastSequence;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            throw Poison("write", ex);
        }

        observer?.OnWritten(_batch.AsSpan(0, length), first, count, _chain); // the records are still in the buffer until the next append
        if (_options.SyncOnCommit)
        {
            Sync();
        }

        observer?.OnDurable(_chain);
    }

    /// <summary>
    /// A standby's commit: writes a batch its primary committed, byte for byte as the primary wrote it
    /// (the same records, sealed the same way, so both journals have the same chain head), after checking
    /// that its records follow this journal and that the chain value computed here equals the primary's.
    /// Does not tell the <see cref="JournalWriterOptions.Observer"/>; syncs only with sync on commit.
    /// </summary>
    /// <exception cref="InvalidDataException">The batch does not follow this journal or its chain value differs: the histories diverge.</exception>
    public void CommitReplicated(ReadOnlySpan<byte> records, long firstSequence, int count, ChainPoint expected)
    {
        ThrowIfFailed();
        if (_batchLength != 0)
        {
            throw new InvalidOperationException("A replicated batch cannot join a batch of appended commands.");
        }

        if (LastSequence != 0 && firstSequence != LastSequence + 1)
        {
            throw new InvalidDataException($"Replicated batch starts at {firstSequence} but this journal ends at {LastSequence}.");
        }

        var offset = 0;
        var sequence = firstSequence;
        long timestamp = 0;
        for (var i = 0; i < count; i++, sequence++)
        {
            if (records.Length - offset < RecordHeader.Size)
            {
                throw new InvalidDataException($"Replicated batch from {firstSequence} ends inside record {i}.");
            }

            var header = RecordHeader.Read(records[offset..]);
            if (header.PayloadLength < 0 || header.PayloadLength > RecordHeader.MaxPayloadLength || header.TotalLength > records.Length - offset
                || header.Sequence != sequence || !RecordHeader.IsIntact(records.Slice(offset, header.TotalLength), header))
            {
                throw new InvalidDataException($"Replicated record {sequence} is damaged or out of order.");
            }

            timestamp = header.Timestamp;
            offset += header.TotalLength;
        }

        if (offset != records.Length || expected.Sequence != firstSequence + count - 1)
        {
            throw new InvalidDataException($"Replicated batch from {firstSequence} holds {records.Length - offset} bytes beyond its {count} records or ends at the wrong sequence.");
        }

        var link = _options.HashChain ? ChainValue.Next(_sha256, _chain.Value, records) : ChainValue.Zero;
        if (link != expected.Value)
        {
            throw new InvalidDataException($"Replicated batch ending at {expected.Sequence} does not continue this journal's chain (the primary's history differs from this one).");
        }

        if (_batch.Length < records.Length + BatchSeal.RecordSize)
        {
            Array.Resize(ref _batch, records.Length + BatchSeal.RecordSize);
        }

        records.CopyTo(_batch);
        _batchLength = records.Length;
        _batchFirstSequence = firstSequence;
        _batchRecords = count;
        _batchLastTimestamp = timestamp;
        LastSequence = expected.Sequence;
        CommitSealed(link, observer: null); // the link checked above is the seal's: hashed once
    }

    private int WritePlain(int sealedLength)
    {
        _io.Write(_segment!, _batch.AsSpan(0, sealedLength));
        return sealedLength;
    }

    /// <summary>The sealed batch as one LZ4 block: header, then the compressed records.</summary>
    private int WriteBlock(int sealedLength)
    {
        var needed = BlockHeader.Size + LZ4Codec.MaximumOutputSize(sealedLength);
        if (_block.Length < needed)
        {
            _block = new byte[Math.Max(needed, _block.Length * 2)];
        }

        var compressed = LZ4Codec.Encode(_batch.AsSpan(0, sealedLength), _block.AsSpan(BlockHeader.Size));
        if (compressed < 0)
        {
            throw new InvalidOperationException("LZ4 compression failed for a journal block.");
        }

        BlockHeader.Write(_block, compressed, sealedLength, _batchFirstSequence, (int)_batchRecords + 1);
        _io.Write(_segment!, _block.AsSpan(0, BlockHeader.Size + compressed));
        return BlockHeader.Size + compressed;
    }

    /// <summary>
    /// Flushes what was committed to the disk (fdatasync on Linux, fsync elsewhere). Safe to call from
    /// another thread while the writer thread appends and commits (the async mode's syncer does):
    /// everything committed before the call is durable when it returns. The writer thread waits for it
    /// only to roll a segment; its appends may still wait in the kernel while the disk is busy.
    /// </summary>
    /// <exception cref="JournalWriteFailedException">The fsync failed (now or before).</exception>
    public void Sync()
    {
        lock (_syncGate)
        {
            ThrowIfFailed();
            var committed = CommittedSequence;
            if (_segment is null || DurableSequence >= committed)
            {
                return;
            }

            try
            {
                // Writes are unbuffered (bufferSize 0): what Commit wrote is in the file, and fsync on the
                // handle does not touch the stream's position, so the writer thread may write meanwhile.
                _io.Flush(_segment);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                throw Poison("fsync", ex);
            }

            Interlocked.Increment(ref _syncs);
            DurableSequence = committed;
        }
    }

    /// <summary>Commits and syncs what is pending and closes the file. Never throws: a failure is left in <see cref="Failure"/>.</summary>
    public void Dispose()
    {
        try
        {
            if (_failure is null)
            {
                Commit();
                Sync();
            }
        }
        catch (JournalWriteFailedException)
        {
            // Recorded in Failure; the caller decides what a failed final flush means.
        }

        _sha256.Dispose();
        lock (_syncGate)
        {
            try
            {
                _segment?.Dispose();
            }
            catch (IOException ex)
            {
                _failure ??= ex;
            }

            _segment = null;
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw new JournalWriteFailedException($"The journal writer failed earlier and accepts nothing more: {failure.Message}", failure);
        }
    }

    private JournalWriteFailedException Poison(string what, Exception ex)
    {
        _failure ??= ex;
        return new JournalWriteFailedException($"Journal {what} failed at sequence {LastSequence} in {_segment?.Name ?? _directory}: {ex.Message}", ex);
    }

    private void OpenForAppend(string path)
    {
        long last;
        using (var reader = SegmentReader.Open(path, verifyChain: false))
        {
            if (_options.RecoveredEnd is { } end)
            {
                // Recovery has just read (and checked) this segment to its end: no second pass.
                last = end.Sequence;
                _chain = reader.Header.IsChained ? end : new ChainPoint(last, ChainValue.Zero);
            }
            else
            {
                ReadStatus status;
                while ((status = reader.Next()) == ReadStatus.Record)
                {
                }

                if (status == ReadStatus.TornTail)
                {
                    throw new InvalidOperationException(
                        $"The journal ends in a torn record ({reader.TornTail!.Bytes} bytes at offset {reader.TornTail.Offset} of {path}); repair it before appending.");
                }

                last = reader.Chain.Sequence;
                _chain = reader.Header.IsChained ? reader.Chain : new ChainPoint(last, ChainValue.Zero);
            }

            _segmentAcceptsAppends = reader.Header.IsChained
                && ((reader.Header.Flags & (ushort)SegmentFeatures.Lz4Blocks) != 0) == _options.Lz4Blocks;
        }

        _segment = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _segmentLength = _segment.Seek(0, SeekOrigin.End);
        _segmentFirst = JournalDirectory.FirstSequenceOf(path);
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
            _io.Flush(_segment);
            _segment.Dispose();
            _segment = null;
        }

        var path = JournalDirectory.SegmentPath(_directory, firstSequence);
        _segmentFirst = firstSequence;
        if (File.Exists(path) && new FileInfo(path).Length == SegmentHeader.Size)
        {
            File.Delete(path); // a segment with a header and no record (a crash right after a roll): start it again
        }

        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        var flags = _options.Lz4Blocks ? SegmentFeatures.Lz4Blocks : SegmentFeatures.None;
        new SegmentHeader(SegmentHeader.CurrentVersion, (ushort)flags, firstSequence, FirstBatchTimestamp(), _chain.Value).Write(header);
        _segment = SegmentCreation.Create(path, header, _io, _options.SegmentBytes);
        _segmentLength = SegmentHeader.Size;
        _segmentAcceptsAppends = true;
    }

    /// <summary>The creation time of a new segment: the timestamp of its first record (the engine's clock, not this machine's).</summary>
    private long FirstBatchTimestamp() => RecordHeader.Read(_batch.AsSpan()).Timestamp;
}
