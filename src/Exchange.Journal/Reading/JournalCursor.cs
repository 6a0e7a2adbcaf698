using Exchange.Core.Commands;
using Exchange.Journal.Format;

namespace Exchange.Journal.Reading;

/// <summary>
/// Streams the records of a journal folder in sequence order across segments, from a given
/// sequence on, checking CRCs and sequence continuity. Only the last segment may end in a torn
/// tail, which is reported in <see cref="TornTail"/>; any other damage throws
/// <see cref="JournalCorruptException"/> naming the segment, offset and sequence.
/// </summary>
public sealed class JournalCursor : IDisposable
{
    private readonly IReadOnlyList<string> _segments;
    private int _segmentIndex = -1;
    private SegmentReader? _reader;
    private long _expected;

    public JournalCursor(string directory, long fromSequence = 0)
    {
        _segments = JournalDirectory.Segments(directory);
        FromSequence = fromSequence;
    }

    public long FromSequence { get; }

    /// <summary>The current record's header (valid after <see cref="MoveNext"/> returned true).</summary>
    public RecordHeader Header => _reader!.Record;

    public ReadOnlySpan<byte> Payload => _reader!.Payload;

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
                    if (sequence >= FromSequence)
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
                    _reader.Dispose();
                    _reader = null;
                    continue;
            }
        }
    }

    public void Dispose() => _reader?.Dispose();

    private bool OpenNextSegment()
    {
        while (++_segmentIndex < _segments.Count)
        {
            var reader = SegmentReader.Open(_segments[_segmentIndex]);
            var first = reader.Header.FirstSequence;
            if (_expected != 0 && first != _expected)
            {
                reader.Dispose();
                throw new JournalCorruptException(_segments[_segmentIndex], 0, first, $"segment starts at sequence {first} where {_expected} was expected");
            }

            // Skip whole segments that end before the wanted sequence.
            if (_segmentIndex + 1 < _segments.Count && JournalDirectory.FirstSequenceOf(_segments[_segmentIndex + 1]) <= FromSequence)
            {
                _expected = 0;
                reader.Dispose();
                continue;
            }

            _reader = reader;
            return true;
        }

        return false;
    }
}
