namespace Exchange.JournalTools;

/// <summary>Times on the command line, read and printed the same way by every command.</summary>
internal static class TimeArgument
{
    /// <summary>Reads a time in the tools' shared syntax (<see cref="Exchange.Protocol.TimeExpression"/>), relative forms against the wall clock now.</summary>
    public static bool TryParse(string text, out long nanoseconds, out string? error) =>
        Exchange.Protocol.TimeExpression.TryParse(text, DateTimeOffset.UtcNow, out nanoseconds, out error);

    /// <summary>The one text form of a journal time, shared with the event stream's bodies.</summary>
    public static string Format(long nanoseconds) => Exchange.Events.TimeText.Format(nanoseconds);
}
