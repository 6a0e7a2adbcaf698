namespace Exchange.Disruptor.Processing;

/// <summary>What a processor does when its handler throws.</summary>
public enum ExceptionPolicy
{
    /// <summary>Stop the processor; its sequence stays before the failing event (fail-stop, for the business logic).</summary>
    Halt,

    /// <summary>Report the exception, skip the event, keep going (for best-effort consumers such as market data).</summary>
    LogAndContinue,
}
