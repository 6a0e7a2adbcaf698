using Exchange.Core.Commands;
using Exchange.Journal.Format;

namespace Exchange.Journal.Reading;

/// <summary>
/// Streams the records of a journal folder in sequence order across segments, from a given
/// sequence on, checking CRCs, batch seals, the hash chain and sequence continuity. Only the last
/// segment may end in a torn tail, which is reported in <see cref="TornTail"/>; any other damage
/// throws <see cref="JournalCorruptException"/> naming the segment, offset and sequence.
/// </summary>
public sealed class JournalCursor : IDisposable
{
    private readonly IReadOnlyList<string> _segments;
    private int _segmentIndex = -1;
    private SegmentReader? _reader;
    private long _expected;

    /// <param name="directory">The journal folder.</param>
    /// <param name="fromSequence">First sequence to return.</param>
    /// <param name="fromTimestamp">First timestamp to return (timestamps never decrease along the journal).</param>
    /// <param name="verifyChain">Recompute every batch's link of the hash chain (SHA-256) and compare it with its seal.</param>
    /// <param name="resumeAt">Where the batch before <paramref name="fromSequence"/> ends, if known (kept with a snapshot): reading starts there, not at its segment's start.</param>
    public JournalCursor(string directory, long fromSequence = 0, long fromTimestamp = long.MinValue, bool verifyChain = true, JournalPosition? resumeAt = null)
    {
        _resumeAt = resumeAt;
        _segments = JournalDirectory.AllSegments(directory);
        FromSequence = fromSequence;
        FromTimestamp = fromTimestamp;
        _verifyChain = verifyChain;
    }

    private readonly bool _verifyChain;
    private readonly JournalPosition? _resumeAt;
    private ChainPoint _chain;
    private bool _chained;

    /// <summary>
    /// The chain value after the last batch all of whose records have been passed (returned or
    /// skipped). Once <see cref="MoveNext"/> has returned the first record of a batch, this is the
    /// value at the sequence before it; once it has returned false, the journal's head.
    /// </summary>
    public ChainPoint Chain => _reader?.Chain ?? _chain;

    public long FromSequence { get; }

    public long FromTimestamp { get; }

    /// <summary>The current record's header (valid after <see cref="MoveNext"/> returned true).</summary>
    public RecordHeader Header => _reader!.Record;

    public ReadOnlySpan<byte> Payload => _reader!.Payload;

    /// <summary>The command records of the current record's batch as written (seal excluded).</summary>
    public ReadOnlySpan<byte> BatchRecords => _reader!.BatchRecords;

    /// <summary>Where the current record's batch ends: its last sequence and chain value.</summary>
    public ChainPoint BatchEnd => _reader!.BatchEnd;

    /// <summary>
    /// Where the current record's batch ends on disk (its segment and the offset past its seal): once the last record
    /// of a batch has been returned, a later cursor started at the next sequence with this as <c>resumeAt</c> reads on
    /// from there without reading the segment again from its start.
    /// </summary>
    public JournalPosition BatchEndPosition => new(_reader!.Header.FirstSequence, _reader.BatchEndOffset);

    /// <summary>The segment and offset of the current record, for tools and error messages.</summary>
    public string Segment => _reader!.Path;

    public long Offset => _reader!.Offset;

    /// <summary>The last sequence read, 0 if none.</summary>
    public long LastSequence { get; private set; }

    public TornTail? TornTail { get; private set; }

    public Command ReadCommand() =>
        CommandCodec.Decode((CommandType)Header.CommandType, Header.CommandVersion, Header.Sequence, Header.Timestamp, Payload);

    public bool MoveNext()
    {
        while (true)
        {
            if (_reader is null && !OpenNextSegment())
            {
                return false;
            }

            switch (_reader!.Next())
            {
                case ReadStatus.Record:
                    var sequence = _reader.Record.Sequence;
                    if (_expected != 0 && sequence != _expected)
                    {
                        throw _reader.Corrupt(sequence, $"sequence {sequence} where {_expected} was expected");
                    }

                    _expected = sequence + 1;
                    LastSequence = sequence;
                    if (sequence >= FromSequence && _reader.Record.Timestamp >= FromTimestamp)
                    {
                        return true;
                    }

                    continue;
                case ReadStatus.TornTail:
                    if (_segmentIndex != _segments.Count - 1)
                    {
                        throw _reader.Corrupt(null, $"incomplete record inside a segment that is not the last ({_reader.TornTail!.Reason})");
                    }

                    TornTail = _reader.TornTail;
                    return false;
                default:
                    _chain = _reader.Chain;
                    _chained = _reader.Header.IsChained;
                    _reader.Dispose();
                    _reader = null;
                    continue;
            }
        }
    }

    public void Dispose() => _reader?.Dispose();

    private bool NextSegmentStartsAtOrBeforeStart(string next)
    {
        if (JournalDirectory.FirstSequenceOf(next) <= FromSequence)
        {
            return true;
        }

        if (FromTimestamp == long.MinValue)
        {
            return false;
        }

        // A segment's creation time is its first record's timestamp: if that is still before the
        // wanted time, every record of the current segment is too.
        using var reader = SegmentReader.Open(next, verifyChain: false);
        return reader.Header.CreatedTimestamp < FromTimestamp;
    }

    private bool OpenNextSegment()
    {
        while (++_segmentIndex < _segments.Count)
        {
            var path = _segments[_segmentIndex];

            // Skip whole segments that end before the wanted sequence or time, unopened (an archived one
            // would have to be decompressed): by the successor's name, or its header for a time.
            if (_segmentIndex + 1 < _segments.Count && NextSegmentStartsAtOrBeforeStart(_segments[_segmentIndex + 1]))
            {
                _expected = 0;
                continue;
            }

            if (_segmentIndex == _segments.Count - 1 && !JournalDirectory.IsArchived(path) && JournalRepair.MissingHeader(path) is { } damage)
            {
                throw new JournalCorruptException(path, 0, null, damage);
            }

            var reader = SegmentReader.Open(path, _verifyChain);
            var first = reader.Header.FirstSequence;
            if (_expected != 0 && first != _expected)
            {
                reader.Dispose();
                throw new JournalCorruptException(path, 0, first, $"segment starts at sequence {first} where {_expected} was expected");
            }

            if (_expected != 0 && reader.Header.IsChained && reader.Header.ChainBefore != (_chained ? _chain.Value : ChainValue.Zero))
            {
                reader.Dispose();
                throw new JournalCorruptException(path, 0, first,
                    $"hash chain broken between segments: this one continues from {reader.Header.ChainBefore}, the one before ends at {_chain.Value}");
            }

            if (_resumeAt is { } resume && resume.SegmentFirstSequence == first && FromTimestamp == long.MinValue
                && reader.TryResumeAfterBatch(resume.Offset, FromSequence - 1))
            {
                _expected = FromSequence; // the records before it are neither read nor returned
            }

            _reader = reader;
            return true;
        }

        return false;
    }
}
