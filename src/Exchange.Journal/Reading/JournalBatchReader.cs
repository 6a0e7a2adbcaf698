using Exchange.Journal.Format;

namespace Exchange.Journal.Reading;

/// <summary>
/// Reads a journal a whole batch at a time, from a batch boundary on: each batch's command records exactly
/// as written, its sequence range and its chain value. What a primary sends a standby that has fallen
/// behind its in-memory backlog. Stops (false) at the end of what is on disk, a torn tail included.
/// </summary>
public sealed class JournalBatchReader(string directory, long fromSequence) : IDisposable
{
    private readonly JournalCursor _cursor = new(directory, fromSequence);
    private long _next = fromSequence;

    /// <summary>The current batch's records (valid until the next move).</summary>
    public ReadOnlySpan<byte> Records => _cursor.BatchRecords;

    public long FirstSequence { get; private set; }

    public int Count { get; private set; }

    public ChainPoint End { get; private set; }

    /// <exception cref="InvalidDataException">The first sequence asked for is not the start of a batch.</exception>
    public bool MoveNextBatch()
    {
        while (_cursor.MoveNext())
        {
            var sequence = _cursor.Header.Sequence;
            if (sequence < _next)
            {
                continue;
            }

            if (sequence != _next)
            {
                throw new InvalidDataException($"Sequence {_next} is not the start of a journal batch (the next record is {sequence}).");
            }

            var end = _cursor.BatchEnd;
            FirstSequence = sequence;
            Count = (int)(end.Sequence - sequence + 1);
            End = end;
            _next = end.Sequence + 1;
            return true;
        }

        return false;
    }

    public void Dispose() => _cursor.Dispose();
}
