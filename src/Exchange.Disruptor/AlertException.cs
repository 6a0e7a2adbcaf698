namespace Exchange.Disruptor;

/// <summary>
/// Thrown out of a barrier's wait when the barrier is alerted (a processor is being halted). A
/// preallocated singleton: halting is control flow for a waiting thread, not an error.
/// </summary>
public sealed class AlertException : Exception
{
    public static readonly AlertException Instance = new();

    private AlertException()
        : base("The sequence barrier was alerted.")
    {
    }

    public AlertException(string message)
        : base(message)
    {
    }

    public AlertException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
