namespace Exchange.Engine;

/// <summary>
/// What <see cref="ExchangeEngine.TrySubmit"/> did: an expected outcome, not an exception (the
/// Aeron <c>Offer</c> way), so a producer never burns a thread waiting for room.
/// </summary>
public enum SubmitResult
{
    /// <summary>The command is in the input ring.</summary>
    Accepted,

    /// <summary>The input ring is full: nothing was queued; the caller answers Busy or tries later.</summary>
    BackPressured,

    /// <summary>The engine is shutting down or has failed: nothing was queued, and nothing will be.</summary>
    Stopped,
}
