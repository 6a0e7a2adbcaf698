using System.Globalization;
using static System.FormattableString;

namespace Exchange.Cli;

/// <summary>
/// What <c>exchange-cli place</c> was asked for, and the usage rules that can be checked before
/// connecting (the engine checks everything else and answers with a reason code).
/// </summary>
internal sealed record OrderRequest(
    byte Side, long Quantity, long? Price, int Instrument, byte TimeInForce, bool Market, bool PostOnly, long? ClientId,
    long? StopPrice, long Display, string? Expire, long? QuoteAmount, long Protection)
{
    /// <summary>Returns a usage error, or null with the expire time (ns since the epoch, 0 = none) and the time in force to send.</summary>
    public string? Check(DateTimeOffset now, out long expireTime, out byte timeInForce)
    {
        expireTime = 0;
        timeInForce = TimeInForce;
        if (Quantity < 0 || (Quantity == 0 && QuoteAmount is null))
        {
            return Invariant($"quantity {Quantity} must be positive (0 only with --quote-amount)");
        }

        if (Market && Price is not null && StopPrice is null)
        {
            return "a market order takes no --price (use --protection for its worst price)";
        }

        if (Expire is not null)
        {
            if (!TryParseExpire(Expire, now, out var at))
            {
                return $"--expire '{Expire}' is neither a UTC time nor a delay like +90s, +15m, +2h";
            }

            if (at > LatestExpire)
            {
                return $"--expire '{Expire}' is too far away (the protocol's times end in 2262)";
            }

            expireTime = (at.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
            timeInForce = 4;
        }
        else if (TimeInForce == 4)
        {
            return "--tif gtd needs --expire";
        }

        if (QuoteAmount is not null)
        {
            return Side != 1 ? "--quote-amount is for buys" : StopPrice is not null || Display != 0 ? "--quote-amount cannot be a stop or an iceberg" : null;
        }

        if (StopPrice is not null)
        {
            return Market && Price is not null ? "a stop is a stop-market (--market) or a stop-limit (--price), not both" : null;
        }

        if (!Market && Price is null)
        {
            return "a limit order needs --price (or use --market)";
        }

        return Market && (Display != 0 || Expire is not null) ? "a market order cannot be an iceberg or good-till-date" : null;
    }

    /// <summary>The last instant a nanosecond count since 1970 in 64 bits can name.</summary>
    private static readonly DateTimeOffset LatestExpire = DateTimeOffset.UnixEpoch.AddTicks(long.MaxValue / 100);

    private static bool TryParseExpire(string text, DateTimeOffset now, out DateTimeOffset at)
    {
        at = default;
        if (text.Length > 2 && text[0] == '+' && long.TryParse(text.AsSpan(1, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            var seconds = text[^1] switch { 's' => 1.0, 'm' => 60.0, 'h' => 3_600.0, _ => 0.0 };
            if (seconds == 0)
            {
                return false;
            }

            // Past year 9999 (or the protocol's 2262) is "too far", not an overflow.
            at = n * seconds > (LatestExpire - now).TotalSeconds ? LatestExpire.AddTicks(1) : now + TimeSpan.FromSeconds(n * seconds);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
    }
}
