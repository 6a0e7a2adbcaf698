namespace Exchange.Protocol.Orders;

/// <summary>
/// What happens when an aggressor would trade with a resting order of its own account. The
/// aggressor's mode decides. The default (0) is <see cref="CancelResting"/>: the stale resting
/// order goes, the new intent stays, which is what most venues do by default.
/// </summary>
public enum SelfTradePrevention : byte
{
    /// <summary>Cancel the resting order and keep matching.</summary>
    CancelResting = 0,

    /// <summary>Cancel the aggressor's remainder; the resting order stays.</summary>
    CancelAggressor = 1,

    /// <summary>Cancel both the resting order and the aggressor's remainder.</summary>
    CancelBoth = 2,

    /// <summary>Cancel the smaller of the two and reduce the larger by its quantity (both if equal).</summary>
    DecrementAndCancel = 3,
}
