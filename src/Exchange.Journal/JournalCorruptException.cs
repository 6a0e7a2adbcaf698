namespace Exchange.Journal;

/// <summary>
/// Damage before the tail of a journal: the engine must not start, and the message names the
/// segment file, the byte offset and the sequence (where known) so an operator can inspect it.
/// </summary>
public sealed class JournalCorruptException : Exception
{
    public JournalCorruptException(string message)
        : base(message)
    {
    }

    public JournalCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public JournalCorruptException(string segment, long offset, long? sequence, string problem)
        : base($"Journal corrupt: {problem} in {segment} at offset {offset}" + (sequence is { } s ? $" (sequence {s})" : " (sequence unknown)"))
    {
        Segment = segment;
        Offset = offset;
        Sequence = sequence;
    }

    public string? Segment { get; }

    public long Offset { get; }

    public long? Sequence { get; }
}
