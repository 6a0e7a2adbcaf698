using System.Text;
using Exchange.Engine;
using Exchange.Engine.Recovery;
using Exchange.Events;
using Exchange.Journal.Reading;
using Microsoft.Extensions.Logging.Abstractions;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Exchange.Testing;

/// <summary>One message of the event stream as a consumer sees it.</summary>
public sealed record StoredEvent(ulong StreamSequence, string Subject, string? MessageId, string Body);

/// <summary>Reads a whole event stream, and what the journal says it should hold, for the exactly-once checks.</summary>
public static class StreamContents
{
    /// <summary>Every message of the stream, in stream order.</summary>
    public static async Task<List<StoredEvent>> ReadAllAsync(string url, string stream = "EXCHANGE_EVENTS")
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = url });
        var js = new NatsJSContext(nats);
        var info = await js.GetStreamAsync(stream);
        var last = info.Info.State.LastSeq;
        var all = new List<StoredEvent>((int)last);
        if (last == 0)
        {
            return all;
        }

        var consumer = await js.CreateOrderedConsumerAsync(stream);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: timeout.Token))
        {
            var id = message.Headers is { } headers && headers.TryGetValue(EventSchema.MessageIdHeader, out var value) ? value.ToString() : null;
            all.Add(new StoredEvent(message.Metadata!.Value.Sequence.Stream, message.Subject, id, Encoding.UTF8.GetString(message.Data ?? [])));
            if (message.Metadata!.Value.Sequence.Stream >= last)
            {
                break;
            }
        }

        return all;
    }

    /// <summary>The stream's last sequence (0 when it has none yet or does not exist).</summary>
    public static async Task<ulong> LastSequenceAsync(string url, string stream = "EXCHANGE_EVENTS")
    {
        await using var nats = new NatsConnection(new NatsOpts { Url = url });
        var js = new NatsJSContext(nats);
        try
        {
            return (await js.GetStreamAsync(stream)).Info.State.LastSeq;
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            return 0;
        }
    }

    /// <summary>
    /// Every event the journal of <paramref name="dataDirectory"/> derives, as the stream's JSON bodies with their message ids
    /// (replayed by the engine's recovery from the start, the way <c>journal-tools events</c> does).
    /// </summary>
    public static List<(string MessageId, string Body)> Derive(string dataDirectory)
    {
        var options = new EngineOptions { DataDirectory = dataDirectory };
        var names = new SymbolNames();
        using (var cursor = new JournalCursor(options.JournalDirectory))
        {
            while (cursor.MoveNext())
            {
                if (cursor.Header.CommandType == (byte)Core.Commands.CommandType.AddInstrument && cursor.ReadCommand().Instrument is { } spec)
                {
                    names.Add(spec);
                }
            }
        }

        var derived = new List<(string, string)>();
        long sequence = 0;
        var index = 0;
        EngineRecovery.Recover(options, NullLogger.Instance, e =>
        {
            index = e.Sequence == sequence ? index + 1 : 0;
            sequence = e.Sequence;
            derived.Add((EventSchema.MessageId(e.Sequence, index), Encoding.UTF8.GetString(EventJson.ToBytes(e, index, names))));
        }, repairTornTail: false, snapshotAtOrBefore: 0);
        return derived;
    }

    /// <summary>The differences between what the stream holds and what the journal derives, empty when they agree message for message.</summary>
    public static List<string> Differences(List<StoredEvent> stream, List<(string MessageId, string Body)> journal)
    {
        var problems = new List<string>();
        var ids = new HashSet<string>();
        foreach (var message in stream)
        {
            if (message.MessageId is null || !ids.Add(message.MessageId))
            {
                problems.Add($"stream sequence {message.StreamSequence}: message id {message.MessageId ?? "(none)"} twice or missing");
            }
        }

        for (var i = 0; i < Math.Max(stream.Count, journal.Count) && problems.Count < 10; i++)
        {
            if (i >= stream.Count)
            {
                problems.Add($"event {journal[i].MessageId} (#{i}) is not in the stream ({stream.Count} messages, {journal.Count} events)");
            }
            else if (i >= journal.Count)
            {
                problems.Add($"stream message {stream[i].StreamSequence} ({stream[i].MessageId}) is no event of the journal");
            }
            else if (stream[i].MessageId != journal[i].MessageId || stream[i].Body != journal[i].Body)
            {
                problems.Add($"#{i}: stream {stream[i].MessageId} {stream[i].Body} != journal {journal[i].MessageId} {journal[i].Body}");
            }
        }

        return problems;
    }
}
