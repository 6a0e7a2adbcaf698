namespace Exchange.Journal.Writing;

/// <summary>
/// A write or fsync of the journal failed, now or earlier. The writer refuses every later call:
/// after a failed fsync the kernel may have dropped the unwritten pages, so no later success could
/// be trusted to mean what it says. The engine fail-stops on it; the operator fixes the disk and
/// restarts, and recovery keeps exactly what reached the disk intact.
/// </summary>
public sealed class JournalWriteFailedException : IOException
{
    public JournalWriteFailedException(string message)
        : base(message)
    {
    }

    public JournalWriteFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
