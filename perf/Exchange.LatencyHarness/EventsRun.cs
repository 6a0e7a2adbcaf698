using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Exchange.Benchmarks.Workloads;
using Exchange.Core.Matching;
using Exchange.Engine;
using Exchange.Engine.Recovery;
using Exchange.Events;
using HdrHistogram;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.LatencyHarness;

/// <summary>
/// The events relay, measured against its baselines in one run, with a nats-server this process starts (file store
/// in a temporary folder): how fast it catches up on a journal (next to deriving the same events alone, as
/// <c>journal-tools events</c> does, with and without their JSON), how far it lags behind the engine at --rate, and
/// the engine's own latency at --rate with and without the relay beside it.
/// </summary>
internal static class EventsRun
{
    public static async Task<int> RunAsync(HarnessSettings settings, TextWriter output, ProgressDisplay display)
    {
        if (NatsBroker.Find() is not { } executable)
        {
            await output.WriteLineAsync("latency-harness events: nats-server is not installed (apt-get install nats-server)").ConfigureAwait(false);
            return HarnessCommand.ConnectionFailed;
        }

        using var broker = await NatsBroker.StartAsync(executable).ConfigureAwait(false);
        await output.WriteLineAsync($"nats-server {broker.Url} (JetStream, file store); {Environment.ProcessorCount} cores").ConfigureAwait(false);
        await CatchUpAsync(settings, output, broker.Url).ConfigureAwait(false);
        return await LiveAsync(settings, output, display, broker.Url).ConfigureAwait(false);
    }

    /// <summary>Catch-up over a journal of --histories[0] commands: derive alone, derive and encode, relay to a fresh stream; --rounds each, medians.</summary>
    private static async Task CatchUpAsync(HarnessSettings settings, TextWriter output, string url)
    {
        var commands = (int)settings.Histories[0];
        var workload = Workload.Generate(WorkloadProfile.OneInstrument(commands) with { Seed = settings.Seed });
        var directory = Path.Combine(Path.GetTempPath(), "latency-harness-events", Guid.NewGuid().ToString("N"));
        try
        {
            var options = workload.PrepareDataFolder(directory, Durability.Async) with { TimeTickInterval = TimeSpan.Zero };
            long first;
            using (var engine = ExchangeEngine.Start(options, NullLogger.Instance))
            {
                first = engine.Recovery.LastSequence + 1;
                foreach (var command in workload.Commands)
                {
                    engine.Submit(command);
                }

                RestartRun.WaitFor(() => engine.ProcessedSequence >= first - 1 + commands);
            }

            var derive = new List<double>();
            var encode = new List<double>();
            var broker = new List<double>();
            var relay = new List<double>();
            long events = 0;
            for (var round = 0; round < settings.Rounds; round++)
            {
                derive.Add(Derive(options, json: false, out events));
                encode.Add(Derive(options, json: true, out _));
                broker.Add(await BrokerAloneAsync(url, events).ConfigureAwait(false));
                relay.Add(await RelayAsync(options, url, first, events).ConfigureAwait(false));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"round {round + 1}: derive {derive[^1]:N0} events/s, derive + JSON {encode[^1]:N0} events/s, JetStream alone {broker[^1]:N0} messages/s, relay {relay[^1]:N0} events/s")).ConfigureAwait(false);
            }

            var (d, e, b, r) = (RestartRun.Median(derive), RestartRun.Median(encode), RestartRun.Median(broker), RestartRun.Median(relay));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"catch-up over {commands:N0} commands ({events:N0} events), medians of {settings.Rounds}: relay {r:N0} events/s = {r / b:P0} of JetStream storing as many prepared messages alone ({b:N0}/s), {r / e:P0} of deriving and encoding alone ({e:N0}/s, what journal-tools events --format json does), {r / d:P0} of deriving alone ({d:N0}/s); goal ≥ 500,000/s")).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Events per second re-derived from the journal by the engine's recovery, optionally each encoded as the stream's JSON.</summary>
    private static double Derive(EngineOptions options, bool json, out long events)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer);
        var names = new SymbolNames();
        long count = 0;
        var watch = Stopwatch.StartNew();
        EngineRecovery.Recover(options, NullLogger.Instance, e =>
        {
            count++;
            if (json)
            {
                buffer.ResetWrittenCount();
                writer.Reset(buffer);
                EventJson.Write(writer, e, 0, names);
                writer.Flush();
            }
        }, repairTornTail: false);
        events = count;
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The broker's own ceiling: as many messages as there are events, 400 bytes each (about an event's JSON), prepared
    /// beforehand and published the way the relay publishes (same headers, same window, one acknowledgement each).
    /// </summary>
    private static async Task<double> BrokerAloneAsync(string url, long count)
    {
        var nats = new NATS.Client.Core.NatsConnection(new NATS.Client.Core.NatsOpts { Url = url });
        await using (nats.ConfigureAwait(false))
        {
            await nats.ConnectAsync().ConfigureAwait(false);
            var stream = "HARNESS_" + Guid.NewGuid().ToString("N");
            var relayOptions = new EventRelayOptions { DataDirectory = ".", BrokerUrl = url, StreamName = stream, SubjectPrefix = stream };
            await new NATS.Client.JetStream.NatsJSContext(nats).CreateOrUpdateStreamAsync(StreamEnd.Config(relayOptions)).ConfigureAwait(false);
            ReadOnlyMemory<byte> body = new byte[400];
            var publisher = await StreamPublisher.StartAsync(nats, stream, relayOptions.MaxInFlight, relayOptions.AckTimeout, CancellationToken.None).ConfigureAwait(false);
            await using (publisher.ConfigureAwait(false))
            {
                var watch = Stopwatch.StartNew();
                for (var i = 0L; i < count; i++)
                {
                    var headers = new NATS.Client.Core.NatsHeaders { [EventSchema.SchemaHeader] = "1", [EventSchema.SequenceHeader] = "1", [EventSchema.IndexHeader] = "0", [EventSchema.TypeHeader] = "OrderAccepted" };
                    await publisher.PublishAsync(stream + ".order.X.1.accepted", body, headers, EventSchema.MessageId(i + 1, 0), (ulong)i, i + 1, 0, 0, CancellationToken.None).ConfigureAwait(false);
                    if (publisher.InFlight >= relayOptions.MaxInFlight)
                    {
                        await publisher.AcknowledgedAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                }

                while (publisher.InFlight > 0)
                {
                    await publisher.AcknowledgedAsync(CancellationToken.None).ConfigureAwait(false);
                }

                return count / watch.Elapsed.TotalSeconds;
            }
        }
    }

    /// <summary>Events per second from a relay's start (connect, state rebuilt) until the stream acknowledged the last one.</summary>
    private static async Task<double> RelayAsync(EngineOptions options, string url, long first, long events)
    {
        var stream = "HARNESS_" + Guid.NewGuid().ToString("N");
        var relay = new EventRelay(new EventRelayOptions { DataDirectory = options.DataDirectory, BrokerUrl = url, StreamName = stream, SubjectPrefix = stream, FirstSequence = first }, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var run = Task.Run(() => relay.RunAsync(stop.Token));
        while (relay.Status.Published < events)
        {
            if (run.IsCompleted || watch.Elapsed > TimeSpan.FromMinutes(30))
            {
                throw new TimeoutException($"the relay published {relay.Status.Published} of {events} events: {relay.Status.State} {relay.Status.Problem}");
            }

            await Task.Delay(1).ConfigureAwait(false);
        }

        var rate = events / watch.Elapsed.TotalSeconds;
        await stop.CancelAsync().ConfigureAwait(false);
        await run.ConfigureAwait(false);
        return rate;
    }

    /// <summary>At --rate: the engine's latency alone, then with a relay beside it (and the relay's lag), alternating --rounds times.</summary>
    private static async Task<int> LiveAsync(HarnessSettings settings, TextWriter output, ProgressDisplay display, string url)
    {
        var workload = Workload.Generate(WorkloadProfile.OneInstrument(Math.Max(settings.TotalMessages(settings.Rate), 100_000)) with { Seed = settings.Seed });
        var runs = new List<LatencyRun>();
        var lag = new LatencyRun("relay-lag", "journal timestamp → the stream's acknowledgement of the command's first event", settings.Rate);
        for (var round = 0; round < settings.Rounds; round++)
        {
            foreach (var withRelay in new[] { false, true })
            {
                var name = (withRelay ? "engine-with-relay-" : "engine-alone-") + (round + 1).ToString(CultureInfo.InvariantCulture);
                var progress = new RunProgress(name, Math.Min(settings.TotalMessages(settings.Rate), workload.Commands.Length));
                Func<EngineOptions, long, IDisposable>? beside = withRelay
                    ? (options, recovered) => new AttachedRelay(options.DataDirectory, url, recovered + 1, recovered + settings.WarmupMessages(settings.Rate), lag.Latency)
                    : null;
                runs.Add(await display.ShowAsync(progress, () => Task.Run(() => InprocLoad.Latency(name, workload, Durability.Sync, settings, settings.Rate, progress, beside: beside))).ConfigureAwait(false));
            }
        }

        runs.Add(lag);
        await output.WriteLineAsync().ConfigureAwait(false);
        Report.PrintTable(output, runs, null);
        foreach (var percentile in new[] { 50.0, 99.0 })
        {
            var alone = new List<double>();
            var beside = new List<double>();
            for (var i = 0; i + 1 < runs.Count - 1; i += 2)
            {
                alone.Add(Report.Micros(runs[i].Latency, percentile));
                beside.Add(Report.Micros(runs[i + 1].Latency, percentile));
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"engine p{percentile}: alone {string.Join(" / ", alone.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} µs, with the relay {string.Join(" / ", beside.Select(v => v.ToString("F1", CultureInfo.InvariantCulture)))} µs (rounds in order)")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"relay lag at {settings.Rate:N0} commands/s: p50 {Report.Micros(lag.Latency, 50) / 1000:F2} ms, p99 {Report.Micros(lag.Latency, 99) / 1000:F2} ms, max {Report.Micros(lag.Latency, 100) / 1000:F2} ms (goal p99 ≤ 50 ms)")).ConfigureAwait(false);
        foreach (var path in Report.WriteFiles(settings.OutputDirectory, string.Create(CultureInfo.InvariantCulture, $"events relay at {settings.Rate:N0} commands/s"), runs, null, new Dictionary<string, double>()))
        {
            await output.WriteLineAsync("wrote " + path).ConfigureAwait(false);
        }

        return HarnessCommand.Ok;
    }

    /// <summary>A relay on the engine's folder for one run, recording each command's lag after the warm-up (as the engine's latency is); on dispose it publishes what is left, then stops.</summary>
    private sealed class AttachedRelay : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly EventRelay _relay;
        private readonly Task _run;
        private readonly string _directory;

        public AttachedRelay(string directory, string url, long first, long warmedUpAfter, LongHistogram lag)
        {
            _directory = directory;
            var stream = "HARNESS_" + Guid.NewGuid().ToString("N");
            long last = 0;
            _relay = new EventRelay(new EventRelayOptions
            {
                DataDirectory = directory,
                BrokerUrl = url,
                StreamName = stream,
                SubjectPrefix = stream, // each run a stream of its own: streams may not share subjects
                FirstSequence = first,
                Acknowledged = (sequence, timestamp) =>
                {
                    if (sequence != last && sequence > warmedUpAfter)
                    {
                        last = sequence;
                        var now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
                        lag.RecordValue(Math.Max(0, now - timestamp));
                    }
                },
            }, NullLogger.Instance);
            _run = Task.Run(() => _relay.RunAsync(_stop.Token));
        }

        public void Dispose()
        {
            long end;
            using (var cursor = new Journal.Reading.JournalCursor(Path.Combine(_directory, "journal")))
            {
                while (cursor.MoveNext())
                {
                }

                end = cursor.LastSequence;
            }

            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (_relay.Status.PublishedSequence < end && DateTime.UtcNow < deadline && !_run.IsCompleted)
            {
                Thread.Sleep(5);
            }

            _stop.Cancel();
            _run.Wait();
            _stop.Dispose();
        }
    }
}
