using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Events.Tests;

/// <summary>A relay running on its own task until disposed (or stopped), as the server hosts it.</summary>
internal sealed class RelayRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _task;

    public RelayRun(string dataDirectory, string url, string stream = "EXCHANGE_EVENTS")
    {
        Relay = new EventRelay(new EventRelayOptions
        {
            DataDirectory = dataDirectory,
            BrokerUrl = url,
            StreamName = stream,
            RetryDelay = TimeSpan.FromMilliseconds(100),
        }, NullLogger.Instance);
        _task = Task.Run(() => Relay.RunAsync(_stop.Token));
    }

    public EventRelay Relay { get; }

    /// <summary>Waits (generously) until the stream holds the events of every command up to <paramref name="sequence"/>.</summary>
    public async Task WaitPublishedAsync(long sequence, string url, int expectedMessages)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if (Relay.Status.PublishedSequence >= sequence && (ulong)expectedMessages <= await Testing.StreamContents.LastSequenceAsync(url))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the relay published to sequence {Relay.Status.PublishedSequence}, not {sequence}; state {Relay.Status.State}: {Relay.Status.Problem}");
    }

    /// <summary>Waits until the stream holds every event of everything the folder's engine has processed.</summary>
    public Task WaitCaughtUpAsync(JournalFolder folder, string url) =>
        WaitPublishedAsync(folder.Engine.ProcessedSequence, url, Testing.StreamContents.Derive(folder.Path).Count);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _task;
        _stop.Dispose();
    }
}
