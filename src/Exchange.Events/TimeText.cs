using System.Globalization;

namespace Exchange.Events;

/// <summary>Journal timestamps (nanoseconds since the Unix epoch, UTC) as ISO 8601 text with 100 ns digits, the form every tool prints.</summary>
public static class TimeText
{
    public static string Format(long nanoseconds) =>
        DateTime.UnixEpoch.AddTicks(nanoseconds / 100).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
}
