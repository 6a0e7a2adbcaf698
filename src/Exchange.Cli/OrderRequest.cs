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
            if (!Exchange.Protocol.TimeExpression.TryParse(Expire, now, out expireTime, out var problem))
            {
                return $"--expire '{Expire}' {problem}";
            }

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
}
