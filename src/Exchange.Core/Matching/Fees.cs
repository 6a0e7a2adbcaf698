namespace Exchange.Core.Matching;

/// <summary>
/// Integer money arithmetic of the exchange: notional, fees and buy holds.
/// </summary>
/// <remarks>
/// Rounding rule: a fee is <c>floor(notional × bps / 10 000)</c>, rounded down in the payer's
/// favour. Rounding down is what makes holds exact: floor is super-additive
/// (<c>floor(a) + floor(b) ≤ floor(a + b)</c>), so the hold of a whole buy order,
/// <c>notional + fee(notional)</c>, always covers the cost of its fills however they are split and
/// at whatever price at or below the limit they happen. Products are taken in 128 bits;
/// a notional that does not fit in 64 bits is a reject (<see cref="Orders.RejectReason.NotionalOverflow"/>).
/// </remarks>
public static class Fees
{
    public const long BpsPerUnit = 10_000;

    /// <summary>The fee on a non-negative notional at a rate in basis points, rounded down.</summary>
    public static long Of(long notional, long bps)
    {
        // 64-bit fast path (a division by a constant the JIT turns into a multiply); 128-bit only when the product needs it.
        var high = Math.BigMul(notional, bps, out long low);
        return high == 0 && low >= 0 ? low / BpsPerUnit : (long)((Int128)notional * bps / BpsPerUnit);
    }

    public static bool TryNotional(long price, long quantity, out long notional)
    {
        var high = Math.BigMul(price, quantity, out notional);
        if (high != notional >> 63)
        {
            notional = 0;
            return false;
        }

        return true;
    }

    /// <summary>Quote a buy of <paramref name="quantity"/> at <paramref name="price"/> must hold: notional plus the fee at <paramref name="feeBps"/>.</summary>
    public static bool TryBuyHold(long price, long quantity, long feeBps, out long hold)
    {
        hold = 0;
        if (!TryNotional(price, quantity, out var notional))
        {
            return false;
        }

        var fee = Of(notional, feeBps);
        if (notional > long.MaxValue - fee)
        {
            return false;
        }

        hold = notional + fee;
        return true;
    }

    /// <summary>As <see cref="TryBuyHold"/> for values already validated not to overflow.</summary>
    public static long BuyHold(long price, long quantity, long feeBps)
    {
        var notional = price * quantity;
        return notional + Of(notional, feeBps);
    }

    /// <summary>
    /// The largest multiple of <paramref name="lot"/>, at most <paramref name="upTo"/>, whose cost
    /// <c>price × q + fee</c> fits in <paramref name="budget"/>: how much a market buy can afford at a level.
    /// </summary>
    public static long MaxAffordable(long price, long budget, long feeBps, long lot, long upTo)
    {
        // Lower bound from the exact rational cost; the floored fee can allow slightly more, found by stepping up.
        var estimate = (long)Int128.Min((Int128)budget * BpsPerUnit / ((Int128)price * (BpsPerUnit + feeBps)), upTo);
        var q = estimate - (estimate % lot);
        while (q + lot <= upTo && Cost(price, q + lot, feeBps) <= budget)
        {
            q += lot;
        }

        return q;
    }

    private static Int128 Cost(long price, long quantity, long feeBps)
    {
        var notional = (Int128)price * quantity;
        return notional + (notional * feeBps / BpsPerUnit);
    }
}
