using System.Globalization;

namespace Exchange.Protocol;

/// <summary>
/// Times as people write them on a command line, read to the protocol's nanoseconds since the Unix
/// epoch, with the same syntax in every tool: <c>now</c>; relative to now, <c>-30s</c>, <c>+2h</c>,
/// <c>now-5m</c>, <c>now+90s</c> (units ms, s, m, h, d); a UTC time of day, <c>today 14:03</c>,
/// <c>yesterday 09:00:05.250</c>; ISO 8601 (UTC unless it gives an offset); or a plain integer of
/// nanoseconds. Relative forms are resolved against the <c>now</c> the caller passes.
/// </summary>
public static class TimeExpression
{
    /// <summary>The last instant a signed 64-bit count of nanoseconds since 1970 can name (2262-04-11).</summary>
    public static readonly DateTimeOffset Latest = DateTimeOffset.UnixEpoch.AddTicks(long.MaxValue / 100);

    /// <summary>What the syntax accepts, for help texts and error messages.</summary>
    public const string Syntax = "now, -30s, +2h, now-5m (ms, s, m, h, d), today 14:03, yesterday 09:00:05, ISO 8601 (UTC unless an offset is given) or nanoseconds since the Unix epoch";

    public static bool TryParse(string text, DateTimeOffset now, out long nanoseconds, out string? error)
    {
        nanoseconds = 0;
        error = null;
        var t = text.Trim();
        if (t.Length == 0)
        {
            error = "is empty";
            return false;
        }

        if (long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var raw) && t[0] is not ('+' or '-'))
        {
            nanoseconds = raw;
            return true;
        }

        DateTimeOffset at;
        if (t.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            at = now;
        }
        else if (t.StartsWith("now", StringComparison.OrdinalIgnoreCase) && t.Length > 3 && t[3] is '+' or '-')
        {
            if (!TryOffset(t[3..], now, out at, out error))
            {
                return false;
            }
        }
        else if (t[0] is '+' or '-')
        {
            if (!TryOffset(t, now, out at, out error))
            {
                return false;
            }
        }
        else if (TryDay(t, now, out var day, out var rest))
        {
            if (!TimeSpan.TryParseExact(rest, ["h\\:mm", "h\\:mm\\:ss", "h\\:mm\\:ss\\.FFFFFFF"], CultureInfo.InvariantCulture, out var timeOfDay) || timeOfDay >= TimeSpan.FromDays(1))
            {
                error = $"has no time of day HH:mm[:ss[.fff]] after '{t[..^rest.Length].Trim()}'";
                return false;
            }

            at = day + timeOfDay;
        }
        else if (!DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at))
        {
            error = "is not a time: use " + Syntax;
            return false;
        }

        if (at < DateTimeOffset.UnixEpoch || at > Latest)
        {
            error = "is outside 1970-01-01 .. 2262-04-11, the times the protocol can carry";
            return false;
        }

        nanoseconds = (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        return true;
    }

    /// <summary>A signed amount with a unit (<c>-30s</c>, <c>+1.5h</c>) added to <paramref name="now"/>.</summary>
    private static bool TryOffset(string signed, DateTimeOffset now, out DateTimeOffset at, out string? error)
    {
        at = default;
        error = null;
        var unit = signed.EndsWith("ms", StringComparison.Ordinal) ? "ms" : signed.Length > 1 ? signed[^1..] : string.Empty;
        var seconds = unit switch { "ms" => 0.001, "s" => 1.0, "m" => 60.0, "h" => 3_600.0, "d" => 86_400.0, _ => 0.0 };
        if (seconds == 0 || !double.TryParse(signed[..^unit.Length], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            error = "is not an offset like -30s, +15m, +2h, -1d";
            return false;
        }

        var offset = amount * seconds;
        var room = offset >= 0 ? (Latest - now).TotalSeconds : (now - DateTimeOffset.UnixEpoch).TotalSeconds;
        if (Math.Abs(offset) > room)
        {
            error = "is outside 1970-01-01 .. 2262-04-11, the times the protocol can carry";
            return false;
        }

        at = now.AddSeconds(offset);
        return true;
    }

    /// <summary><c>today ...</c> or <c>yesterday ...</c>: the UTC day and what follows the word.</summary>
    private static bool TryDay(string text, DateTimeOffset now, out DateTimeOffset day, out string rest)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        foreach (var (word, date) in new[] { ("today", today), ("yesterday", today.AddDays(-1)) })
        {
            if (text.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                day = date;
                rest = text[word.Length..].Trim();
                return true;
            }
        }

        day = default;
        rest = string.Empty;
        return false;
    }
}
