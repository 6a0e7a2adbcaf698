using Exchange.Core.Commands;
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
    public long CommittedSequence { get; private set; }

    /// <summary>The last sequence known to be on disk (fsynced).</summary>
    public long DurableSequence { get; private set; }

    public int PendingBytes => _batchLength;

    /// <summary>Batches written (each one write call).</summary>
    public long Commits { get; private set; }

    /// <summary>fsyncs of segment data (one per batch in sync mode).</summary>
    public long Syncs { get; private set; }

    public long RecordsWritten { get; private set; }

    public long BytesWritten { get; private set; }

    private long _batchRecords;

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
        RecordHeader.Write(record, payloadLength, command.Sequence, command.Timestamp, (byte)command.Type, CommandCodec.CurrentVersion);
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

        if (_segment is null || (_segmentLength > SegmentHeader.Size && _segmentLength + _batchLength > _options.SegmentBytes))
        {
            RollTo(_batchFirstSequence);
        }

        _segment!.Write(_batch, 0, _batchLength);
        _segmentLength += _batchLength;
        Commits++;
        RecordsWritten += _batchRecords;
        BytesWritten += _batchLength;
        _batchRecords = 0;
        _batchLength = 0;
        CommittedSequence = LastSequence;
        if (_options.SyncOnCommit)
        {
            Sync();
        }
    }

    /// <summary>Flushes what was committed to the disk (fsync); the async mode calls this on an interval.</summary>
    public void Sync()
    {
        if (_segment is null || DurableSequence == CommittedSequence)
        {
            return;
        }

        _segment.Flush(flushToDisk: true);
        Syncs++;
        DurableSequence = CommittedSequence;
    }

    public void Dispose()
    {
        Commit();
        Sync();
        _segment?.Dispose();
        _segment = null;
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
        }

        _segment = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, bufferSize: 0);
        _segmentLength = _segment.Seek(0, SeekOrigin.End);
        LastSequence = CommittedSequence = DurableSequence = last;
    }

    private void RollTo(long firstSequence)
    {
        if (_segment is not null)
        {
            _segment.Flush(flushToDisk: true);
            _segment.Dispose();
        }

        var path = JournalDirectory.SegmentPath(_directory, firstSequence);
        _segment = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        Span<byte> header = stackalloc byte[SegmentHeader.Size];
        new SegmentHeader(SegmentHeader.CurrentVersion, 0, firstSequence, FirstBatchTimestamp()).Write(header);
        _segment.Write(header);
        _segment.Flush(flushToDisk: true);
        DirectorySync.Flush(_directory);
        _segmentLength = SegmentHeader.Size;
    }

    /// <summary>The creation time of a new segment: the timestamp of its first record (the engine's clock, not this machine's).</summary>
    private long FirstBatchTimestamp() => RecordHeader.Read(_batch).Timestamp;
}
