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
            catch (Exception ex) when (ex is NatsException or TimeoutException or IOException or InvalidOperationException or JournalCorruptException)
            {
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
        var nats = new NatsConnection(new NatsOpts { Url = _options.BrokerUrl, Name = "exchange-relay", MaxReconnectRetry = 0 });
        await using (nats.ConfigureAwait(false))
        {
            await nats.ConnectAsync().ConfigureAwait(false);
            var js = new NatsJSContext(nats);
            var end = await StreamEnd.ReadAsync(js, _options, cancellationToken).ConfigureAwait(false);
            Status.Set(RelayState.Recovering);
            var state = Recover(end);
            Status.Resumed(end.Sequence);
            RelayResumed(_logger, _options.StreamName, end.StreamSequence, end.Sequence, end.Index, state.Engine.LastSequence);
            Status.Set(RelayState.Publishing);
            await PublishAsync(js, state, end, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The engine state and the journal position to continue from.</summary>
    private sealed record Derivation(MatchingEngine Engine, CommittedJournal Journal, SymbolNames Names);

    /// <summary>Rebuilds the state just before the command of the stream's last event (read-only: the folder is never repaired).</summary>
    private Derivation Recover(StreamEnd end)
    {
        var engineOptions = new EngineOptions { DataDirectory = _options.DataDirectory };
        var target = Math.Max(0, end.Sequence - 1);
        var segments = JournalDirectory.AllSegments(engineOptions.JournalDirectory);
        var result = EngineRecovery.Recover(engineOptions, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, toSequence: target, repairTornTail: false);
        var journalStart = segments.Count == 0 ? 1 : JournalDirectory.FirstSequenceOf(segments[0]);
        if (journalStart > result.SnapshotSequence + 1)
        {
            throw new RelayHaltedException($"gap: the stream ends at engine sequence {end.Sequence} but the journal in {_options.DataDirectory} starts at " +
                $"{journalStart} with no snapshot at or before {target} to derive the events in between; follow a node whose journal holds them.");
        }

        var names = new SymbolNames();
        foreach (var instrument in result.Engine.GetInstruments())
        {
            names.Add(instrument.Spec);
        }

        return new Derivation(result.Engine, new CommittedJournal(engineOptions.JournalDirectory, result.Engine.LastSequence + 1), names);
    }

    private async Task PublishAsync(NatsJSContext js, Derivation state, StreamEnd end, CancellationToken cancellationToken)
    {
        var commands = new List<Command>(_options.ReadChunk);
        var events = new EventBuffer();
        var inFlight = new Queue<InFlight>(_options.MaxInFlight);
        var streamSequence = end.StreamSequence;
        var idle = _options.PollInterval;
        var progress = new CatchUpProgress(_logger, Stopwatch.GetTimestamp());
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                state.Journal.Read(commands, _options.ReadChunk);
                if (commands.Count == 0)
                {
                    while (inFlight.Count > 0)
                    {
                        await AcknowledgedAsync(inFlight.Dequeue(), cancellationToken).ConfigureAwait(false);
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

                        if (command.Sequence < end.Sequence || (command.Sequence == end.Sequence && i < end.Index))
                        {
                            continue; // stored already
                        }

                        var body = EventJson.ToBytes(e, i, state.Names);
                        if (command.Sequence == end.Sequence && i == end.Index)
                        {
                            if (!body.AsSpan().SequenceEqual(end.Body))
                            {
                                throw new RelayHaltedException($"the stream {_options.StreamName} holds another history: its last event ({end.Sequence}-{end.Index}) differs from " +
                                    $"the one this journal derives. Stream: {System.Text.Encoding.UTF8.GetString(end.Body!)}; journal: {System.Text.Encoding.UTF8.GetString(body)}");
                            }

                            continue;
                        }

                        var headers = new NatsHeaders
                        {
                            [EventSchema.SchemaHeader] = "1",
                            [EventSchema.SequenceHeader] = command.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            [EventSchema.IndexHeader] = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            [EventSchema.TypeHeader] = EventNames.Of(e.Type),
                        };
                        var opts = new NatsJSPubOpts
                        {
                            MsgId = EventSchema.MessageId(command.Sequence, i),
                            ExpectedLastSequence = streamSequence,
                            ExpectedStream = _options.StreamName,
                        };
                        var future = await js.PublishConcurrentAsync(EventSubjects.For(_options.SubjectPrefix, e, state.Names), body, opts: opts, headers: headers,
                            cancellationToken: cancellationToken).ConfigureAwait(false);
                        streamSequence++;
                        inFlight.Enqueue(new InFlight(future, command.Sequence, i, command.Timestamp, streamSequence));
                        if (inFlight.Count >= _options.MaxInFlight)
                        {
                            await AcknowledgedAsync(inFlight.Dequeue(), cancellationToken).ConfigureAwait(false);
                        }
                    }
                }

                progress.Report(Status, _options.HeadSequence?.Invoke() ?? 0);
            }
        }
        finally
        {
            foreach (var pending in inFlight)
            {
                await pending.Future.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits for one publish's acknowledgement; anything but "stored where expected" ends the round.</summary>
    private async Task AcknowledgedAsync(InFlight pending, CancellationToken cancellationToken)
    {
        await using var future = pending.Future;
        var ack = await future.GetResponseAsync(cancellationToken).ConfigureAwait(false);
        if (ack.Error is { } error)
        {
            throw new InvalidOperationException($"the stream refused event {pending.Sequence}-{pending.Index}: {error.Description} (code {error.ErrCode}); resuming from the stream's end");
        }

        if (ack.Duplicate || ack.Seq != pending.StreamSequence)
        {
            throw new InvalidOperationException($"event {pending.Sequence}-{pending.Index} was stored at stream sequence {ack.Seq}{(ack.Duplicate ? " (a duplicate)" : "")} " +
                $"where {pending.StreamSequence} was expected; another relay publishes too: resuming from the stream's end");
        }

        Status.Acknowledged(pending.Sequence, pending.Timestamp);
    }

    /// <summary>A publish awaiting its acknowledgement.</summary>
    private readonly record struct InFlight(NatsJSPublishConcurrentFuture Future, long Sequence, int Index, long Timestamp, ulong StreamSequence);

    [LoggerMessage(1, LogLevel.Information, "Events relay resumed: stream {Stream} ends at stream sequence {StreamSequence} (event {Sequence}-{Index}); state rebuilt to journal sequence {Rebuilt}")]
    private static partial void RelayResumed(ILogger logger, string stream, ulong streamSequence, long sequence, int index, long rebuilt);

    [LoggerMessage(2, LogLevel.Warning, "Events relay: {Kind}: {Message}; retrying from the stream's end")]
    private static partial void RelayRetrying(ILogger logger, string kind, string message);

    [LoggerMessage(3, LogLevel.Error, "Events relay halted: {Problem}")]
    private static partial void RelayHalted(ILogger logger, string problem);
}
