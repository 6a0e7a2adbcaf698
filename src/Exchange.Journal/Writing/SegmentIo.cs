namespace Exchange.Journal.Writing;

/// <summary>
/// The two calls through which the journal writer touches the disk: write a batch, flush it. The
/// default does the real thing; a test derives from it to make a write or an fsync fail (an I/O
/// error, a full disk) at a chosen moment and prove that nothing after the failure is released.
/// </summary>
public class SegmentIo
{
    /// <summary>The real file system.</summary>
    public static SegmentIo Default { get; } = new();

    /// <summary>Appends <paramref name="bytes"/> at the end of the open segment (one write call).</summary>
    public virtual void Write(FileStream segment, ReadOnlySpan<byte> bytes)
    {
        ArgumentNullException.ThrowIfNull(segment);
        segment.Write(bytes);
    }

    /// <summary>Makes what was written durable (fdatasync on Linux).</summary>
    public virtual void Flush(FileStream segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        SegmentFile.FlushData(segment);
    }
}
