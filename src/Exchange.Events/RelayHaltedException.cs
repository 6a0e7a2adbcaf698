namespace Exchange.Events;

/// <summary>
/// A condition the relay will not paper over by retrying blindly: the stream holds another history, a message it
/// needs is gone, or the journal it follows cannot produce the events after the stream's end (a gap). The message
/// names it; the relay reports it in health and tries again later (an operator may fix the cause).
/// </summary>
public sealed class RelayHaltedException : Exception
{
    public RelayHaltedException()
    {
    }

    public RelayHaltedException(string message)
        : base(message)
    {
    }

    public RelayHaltedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
