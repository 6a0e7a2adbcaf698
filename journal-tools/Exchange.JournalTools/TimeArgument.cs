using System.Globalization;

namespace Exchange.JournalTools;

/// <summary>Times on the command line: ISO 8601 (UTC unless an offset is given) or nanoseconds since the Unix epoch.</summary>
internal static class TimeArgument
{
    public static bool TryParse(string text, out long nanoseconds)
    {
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out nanoseconds))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            nanoseconds = (time.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
            return true;
        }

        nanoseconds = 0;
        return false;
    }

    public static string Format(long nanoseconds)
    {
        var time = DateTime.UnixEpoch.AddTicks(nanoseconds / 100);
        return time.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
    }
}
