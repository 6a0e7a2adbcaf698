using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Exchange.Events;

/// <summary>A rate line every few seconds while the relay works through a backlog, so an operator sees it move.</summary>
internal sealed partial class CatchUpProgress(ILogger logger, long started)
{
    private static readonly long Every = Stopwatch.Frequency * 5;
    private long _last = started;
    private long _lastPublished;

    /// <param name="status">What the relay has done.</param>
    /// <param name="head">The engine's newest sequence, when known (0: the journal read so far is the head).</param>
    /// <param name="behind">Whether the last read found a full chunk waiting (a backlog): only then is a line worth printing.</param>
    public void Report(RelayStatus status, long head, bool behind)
    {
        var now = Stopwatch.GetTimestamp();
        if (now - _last < Every || !behind)
        {
            return;
        }

        var published = status.Published;
        var rate = (published - _lastPublished) * Stopwatch.Frequency / Math.Max(1, now - _last);
        _last = now;
        _lastPublished = published;
        CatchingUp(logger, status.ReadSequence, head > 0 ? head : status.ReadSequence, status.PublishedSequence, rate);
    }

    [LoggerMessage(10, LogLevel.Information, "Events relay: read to sequence {Read} of {Head}, published to {Published}, {Rate} events/s")]
    private static partial void CatchingUp(ILogger logger, long read, long head, long published, long rate);
}
