using System.Diagnostics;
using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Engine;
using Exchange.Engine.Recovery;
using Exchange.Journal;
using Microsoft.Extensions.Logging;
using NATS.Client.Core;
using NATS.Client.JetStream;

namespace Exchange.Events;

/// <summary>
/// The outbox relay: follows a data folder's committed journal, derives every event with the engine's own business
/// logic (from the nearest snapshot, then the journal), and publishes each one to NATS JetStream exactly once. It
/// shares nothing with a running engine but the files, so a slow or absent broker delays the stream and never an
/// acknowledgement.
/// </summary>
/// <remarks>
/// Exactly once by construction: on (re)start it asks the stream where it ended, rebuilds the state just before that
/// command, checks that the stored event is the one it re-derives (else the stream holds another history: halt),
/// and publishes the rest in journal order, each message with its id <c>{sequence}-{index}</c> (JetStream
/// de-duplication) and the stream sequence it expects to follow (optimistic concurrency). Any refusal, timeout or
/// lost connection ends the round; the next starts again from the stream's end. So a crash, a retry or a second
/// relay can neither store an event twice nor skip one.
/// </remarks>
public sealed partial class EventRelay
{
    private readonly EventRelayOptions _options;
    private readonly ILogger _logger;

    public EventRelay(EventRelayOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
    }

    public RelayStatus Status { get; } = new();

    /// <summary>Runs until cancelled: rounds of connect, resume, publish; a failed round is logged and retried after a back-off.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = _options.RetryDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            var before = Status.Published;
            try
            {
                await RunRoundAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (RelayHaltedException ex)
            {
                Status.Set(RelayState.Halted, ex.Message);
                RelayHalted(_logger, ex.Message);
                delay = TimeSpan.FromTicks(_options.RetryDelay.Ticks * 20);
            }
            catch (Exception ex)
            {
                // A broker refusal, a timeout, a lost connection, an unreadable journal, or a fault of our own: each round starts
                // from what the stream holds, so trying again can neither repeat nor skip an event.
                Status.BrokerError();
                Status.Set(RelayState.Retrying, ex.Message);
                RelayRetrying(_logger, ex.GetType().Name, ex.Message);
                delay = Status.Published > before ? _options.RetryDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RetryDelay.Ticks * 10));
            }

            try
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        Status.Set(RelayState.Connecting);
        // No reconnecting inside a round, and a publish on a lost connection fails after AckTimeout instead of waiting for one:
        // the next round starts from what the stream holds.
        var nats = new NatsConnection(new NatsOpts
        {
            Url = _options.BrokerUrl,
            Name = "exchange-relay",
            MaxReconnectRetry = 0,
            PublishTimeoutOnDisconnected = true,
            CommandTimeout = _options.AckTimeout,
            RequestTimeout = _options.AckTimeout,
        });
        await using (nats.ConfigureAwait(false))
        {
            await nats.ConnectAsync().ConfigureAwait(false);
            var end = await StreamEnd.ReadAsync(new NatsJSContext(nats), _options, cancellationToken).ConfigureAwait(false);
            Status.Set(RelayState.Recovering);
            var state = Recover(end);
            Status.Resumed(end.Sequence);
            if (end.StreamSequence == 0)
            {
                RelayStartedEmpty(_logger, _options.StreamName, FirstSequence(end), state.Engine.LastSequence);
            }
            else
            {
                RelayResumed(_logger, _options.StreamName, end.StreamSequence, end.Sequence, end.Index, state.Engine.LastSequence);
            }

            Status.Set(RelayState.Publishing);
            await PublishAsync(nats, state, end, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The engine state and the journal position to continue from.</summary>
    private sealed record Derivation(MatchingEngine Engine, CommittedJournal Journal, SymbolNames Names);

    /// <summary>The first command whose events are (re)derived: that of the stream's last event, or where an empty stream begins.</summary>
    private long FirstSequence(StreamEnd end) => end.StreamSequence == 0 ? Math.Max(1, _options.FirstSequence) : end.Sequence;

    /// <summary>Rebuilds the state just before the command of the stream's last event (read-only: the folder is never repaired).</summary>
    private Derivation Recover(StreamEnd end)
    {
        var engineOptions = new EngineOptions { DataDirectory = _options.DataDirectory };
        var target = FirstSequence(end) - 1;
        var segments = JournalDirectory.AllSegments(engineOptions.JournalDirectory);
        var result = EngineRecovery.Recover(engineOptions, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, toSequence: target, repairTornTail: false);
        var journalStart = segments.Count == 0 ? 1 : JournalDirectory.FirstSequenceOf(segments[0]);
        if (journalStart > result.SnapshotSequence + 1)
        {
            throw new RelayHaltedException($"gap: the stream needs the events from command {target + 1} on, but the journal in {_options.DataDirectory} starts at " +
                $"{journalStart} with no snapshot at or before {target} to derive them; follow a node whose journal holds them" +
                (end.StreamSequence == 0 ? $", or begin the empty stream later (EventsFirstSequence {journalStart})." : "."));
        }

        var names = new SymbolNames();
        foreach (var instrument in result.Engine.GetInstruments())
        {
            names.Add(instrument.Spec);
        }

        return new Derivation(result.Engine, new CommittedJournal(engineOptions.JournalDirectory, result.Engine.LastSequence + 1), names);
    }

    private async Task PublishAsync(NatsConnection nats, Derivation state, StreamEnd end, CancellationToken cancellationToken)
    {
        var commands = new List<Command>(_options.ReadChunk);
        var events = new EventBuffer();
        var streamSequence = end.StreamSequence;
        var idle = _options.PollInterval;
        var progress = new CatchUpProgress(_logger, Stopwatch.GetTimestamp());
        var first = FirstSequence(end);
        var resumeIndex = end.StreamSequence == 0 ? 0 : end.Index; // events of command `first` before this one are stored already
        var json = new System.Buffers.ArrayBufferWriter<byte>(1024); // one body buffer and one header set, reused for every event
        using var writer = new System.Text.Json.Utf8JsonWriter(json);
        var headers = new NatsHeaders { [EventSchema.SchemaHeader] = EventSchema.VersionText };
        var publisher = await StreamPublisher.StartAsync(nats, _options.StreamName, _options.MaxInFlight, _options.AckTimeout, cancellationToken).ConfigureAwait(false);
        await using (publisher.ConfigureAwait(false))
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                state.Journal.Read(commands, _options.ReadChunk);
                if (commands.Count == 0)
                {
                    while (publisher.InFlight > 0)
                    {
                        Acknowledged(await publisher.AcknowledgedAsync(cancellationToken).ConfigureAwait(false));
                    }

                    await Task.Delay(idle, cancellationToken).ConfigureAwait(false);
                    idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, _options.PollInterval.Ticks * 16));
                    continue;
                }

                idle = _options.PollInterval;
                Status.Read(commands[^1].Sequence);
                foreach (var command in commands)
                {
                    events.Clear();
                    state.Engine.Process(command, events);
                    for (var i = 0; i < events.Count; i++)
                    {
                        ref readonly var e = ref events[i];
                        if (e.Type == EventType.InstrumentAdded && state.Engine.TryGetInstrument(e.InstrumentId, out var added))
                        {
                            state.Names.Add(added.Spec);
                        }

                        if (command.Sequence < first || (command.Sequence == first && i < resumeIndex))
                        {
                            continue; // stored already, or before where the stream begins
                        }

                        json.ResetWrittenCount();
                        writer.Reset(json);
                        EventJson.Write(writer, e, i, state.Names);
                        writer.Flush();
                        if (end.Body is not null && command.Sequence == first && i == resumeIndex)
                        {
                            if (!json.WrittenSpan.SequenceEqual(end.Body))
                            {
                                throw new RelayHaltedException($"the stream {_options.StreamName} holds another history: its last event ({end.Sequence}-{end.Index}) differs from " +
                                    $"the one this journal derives. Stream: {System.Text.Encoding.UTF8.GetString(end.Body!)}; journal: {System.Text.Encoding.UTF8.GetString(json.WrittenSpan)}");
                            }

                            continue;
                        }

                        headers[EventSchema.SequenceHeader] = command.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        headers[EventSchema.IndexHeader] = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        headers[EventSchema.TypeHeader] = EnumText<EventType>.Name(e.Type);
                        await publisher.PublishAsync(EventSubjects.For(_options.SubjectPrefix, e, state.Names), json.WrittenMemory, headers, EventSchema.MessageId(command.Sequence, i),
                            streamSequence, command.Sequence, i, command.Timestamp, cancellationToken).ConfigureAwait(false);
                        streamSequence++;
                        if (publisher.InFlight >= _options.MaxInFlight)
                        {
                            Acknowledged(await publisher.AcknowledgedAsync(cancellationToken).ConfigureAwait(false));
                        }
                    }
                }

                while (publisher.TryAcknowledged(out var stored))
                {
                    Acknowledged(stored); // what has arrived, so the status (and the lag) is current under steady load too
                }

                progress.Report(Status, _options.HeadSequence?.Invoke() ?? 0, commands.Count >= _options.ReadChunk);
            }
        }
    }

    private void Acknowledged((long Sequence, int Index, long Timestamp) stored)
    {
        Status.Acknowledged(stored.Sequence, stored.Timestamp);
        _options.Acknowledged?.Invoke(stored.Sequence, stored.Timestamp);
    }

    [LoggerMessage(1, LogLevel.Information, "Events relay resumed: stream {Stream} ends at stream sequence {StreamSequence} (event {Sequence}-{Index}); state rebuilt to journal sequence {Rebuilt}")]
    private static partial void RelayResumed(ILogger logger, string stream, ulong streamSequence, long sequence, int index, long rebuilt);

    [LoggerMessage(4, LogLevel.Information, "Events relay resumed: stream {Stream} is empty; it begins with the events of command {First}; state rebuilt to journal sequence {Rebuilt}")]
    private static partial void RelayStartedEmpty(ILogger logger, string stream, long first, long rebuilt);

    [LoggerMessage(2, LogLevel.Warning, "Events relay: {Kind}: {Message}; retrying from the stream's end")]
    private static partial void RelayRetrying(ILogger logger, string kind, string message);

    [LoggerMessage(3, LogLevel.Error, "Events relay halted: {Problem}")]
    private static partial void RelayHalted(ILogger logger, string problem);
}
