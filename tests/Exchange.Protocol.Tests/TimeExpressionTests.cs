namespace Exchange.Protocol.Tests;

/// <summary>The one time syntax of the command-line tools (journal-tools' --to-time and friends, exchange-cli's --expire).</summary>
public sealed class TimeExpressionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 14, 30, 15, TimeSpan.Zero);

    private static long Ns(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public static TheoryData<string, long> Valid => new()
    {
        { "now", Ns(Now) },
        { "NOW", Ns(Now) },
        { "-30s", Ns(Now.AddSeconds(-30)) },
        { "+2h", Ns(Now.AddHours(2)) },
        { "now-5m", Ns(Now.AddMinutes(-5)) },
        { "now+90s", Ns(Now.AddSeconds(90)) },
        { "-250ms", Ns(Now.AddMilliseconds(-250)) },
        { "-1d", Ns(Now.AddDays(-1)) },
        { "+1.5h", Ns(Now.AddMinutes(90)) },
        { "today 14:03", Ns(new DateTimeOffset(2026, 12, 2, 14, 3, 0, TimeSpan.Zero)) },
        { "today 14:03:07.25", Ns(new DateTimeOffset(2026, 12, 2, 14, 3, 7, 250, TimeSpan.Zero)) },
        { "yesterday 09:00", Ns(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero)) },
        { "2026-12-02T14:03:07Z", Ns(new DateTimeOffset(2026, 12, 2, 14, 3, 7, TimeSpan.Zero)) },
        { "2026-12-02T15:03:07+01:00", Ns(new DateTimeOffset(2026, 12, 2, 14, 3, 7, TimeSpan.Zero)) },
        { "2026-12-02 14:03:07", Ns(new DateTimeOffset(2026, 12, 2, 14, 3, 7, TimeSpan.Zero)) }, // UTC when no offset is given
        { "1764684187000000000", 1764684187000000000 },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Reads(string text, long nanoseconds)
    {
        Assert.True(TimeExpression.TryParse(text, Now, out var value, out var error), error);
        Assert.Equal(nanoseconds, value);
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "", "is empty" },
        { "next tuesday", "is not a time" },
        { "-30x", "is not an offset" },
        { "+99999999999h", "is outside 1970-01-01 .. 2262-04-11" },
        { "today", "has no time of day" },
        { "today 25:00", "has no time of day" },
        { "1960-01-01T00:00:00Z", "is outside 1970-01-01 .. 2262-04-11" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Refuses_with_a_reason(string text, string reason)
    {
        Assert.False(TimeExpression.TryParse(text, Now, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
