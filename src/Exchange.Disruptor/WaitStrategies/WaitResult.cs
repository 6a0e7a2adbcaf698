namespace Exchange.Disruptor;

/// <summary>Special values a wait can return instead of a sequence.</summary>
public static class WaitResult
{
    /// <summary>A timeout strategy's period passed with nothing new: the processor calls its handler's OnTimeout.</summary>
    public const long Timeout = long.MinValue;
}
