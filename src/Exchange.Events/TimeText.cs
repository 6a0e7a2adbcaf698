using System.Globalization;

namespace Exchange.Events;

/// <summary>Journal timestamps (nanoseconds since the Unix epoch, UTC) as ISO 8601 text with 100 ns digits, the form every tool prints.</summary>
public static class TimeText
{
    public static string Format(long nanoseconds) => At(nanoseconds).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The same text into <paramref name="destination"/> (28 characters), without allocating.</summary>
    public static bool TryFormat(long nanoseconds, Span<char> destination, out int written) =>
        At(nanoseconds).TryFormat(destination, out written, "O", CultureInfo.InvariantCulture);

    private static DateTime At(long nanoseconds) => DateTime.UnixEpoch.AddTicks(nanoseconds / 100);
}
