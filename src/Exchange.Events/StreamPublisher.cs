using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using NATS.Client.Core;

namespace Exchange.Events;

/// <summary>
/// Publishes to a JetStream stream with many publishes in flight and one subscription for all their acknowledgements:
/// each message goes out on the core connection with the JetStream headers (message id, expected stream, expected last
/// sequence) and a reply subject of its own under this publisher's inbox; the stream answers each with a JSON
/// acknowledgement. One connection keeps the order, so the acknowledgements are checked oldest first.
/// </summary>
internal sealed class StreamPublisher : IAsyncDisposable
{
    private const string ExpectedStreamHeader = "Nats-Expected-Stream";
    private const string ExpectedLastSequenceHeader = "Nats-Expected-Last-Sequence";

    private readonly NatsConnection _nats;
    private readonly string _stream;
    private readonly string _inbox;
    private readonly INatsSub<byte[]> _acks;
    private readonly Queue<Pending> _pending = new();
    private readonly TimeSpan _ackTimeout;
    private long _next;

    private StreamPublisher(NatsConnection nats, string stream, string inbox, INatsSub<byte[]> acks, TimeSpan ackTimeout)
    {
        _nats = nats;
        _stream = stream;
        _inbox = inbox;
        _acks = acks;
        _ackTimeout = ackTimeout;
    }

    public int InFlight => _pending.Count;

    /// <param name="nats">A connected connection.</param>
    /// <param name="stream">The stream every publish must land in.</param>
    /// <param name="window">Publishes in flight at most (the acknowledgements' channel holds that many).</param>
    /// <param name="ackTimeout">How long the oldest publish may wait for its acknowledgement.</param>
    /// <param name="cancellationToken">Stops the subscription set-up.</param>
    public static async Task<StreamPublisher> StartAsync(NatsConnection nats, string stream, int window, TimeSpan ackTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nats);
        // An inbox of its own: replies to the connection's own inbox prefix are taken by the client's request muxer.
        var inbox = "_INBOX.relay-" + Guid.NewGuid().ToString("N");
        var acks = await nats.SubscribeCoreAsync<byte[]>(inbox + ".*", opts: new NatsSubOpts
        {
            ChannelOpts = new NatsSubChannelOpts { Capacity = window + 16, FullMode = BoundedChannelFullMode.Wait },
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new StreamPublisher(nats, stream, inbox, acks, ackTimeout);
    }

    /// <summary>Sends one message that the stream stores only as sequence <paramref name="expectedLast"/> + 1, under <paramref name="messageId"/>.</summary>
    /// <remarks>The client copies <paramref name="body"/> and <paramref name="headers"/> into its send buffer before this returns: the caller may reuse both.</remarks>
    public async ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> body, NatsHeaders headers, string messageId, ulong expectedLast, long sequence, int index, long timestamp,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers[EventSchema.MessageIdHeader] = messageId;
        headers[ExpectedStreamHeader] = _stream;
        headers[ExpectedLastSequenceHeader] = expectedLast.ToString(CultureInfo.InvariantCulture);
        var tag = ++_next;
        await _nats.PublishAsync(subject, body, headers, replyTo: _inbox + "." + tag.ToString(CultureInfo.InvariantCulture), cancellationToken: cancellationToken).ConfigureAwait(false);
        _pending.Enqueue(new Pending(tag, expectedLast + 1, sequence, index, timestamp));
    }

    /// <summary>Waits for the oldest publish's acknowledgement and checks it: stored, not a duplicate, where expected.</summary>
    /// <exception cref="InvalidOperationException">The stream refused it or stored it elsewhere (another publisher).</exception>
    /// <exception cref="TimeoutException">No acknowledgement in time (the broker is gone or lost it).</exception>
    public async ValueTask<(long Sequence, int Index, long Timestamp)> AcknowledgedAsync(CancellationToken cancellationToken)
    {
        var pending = _pending.Dequeue();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_ackTimeout);
        NatsMsg<byte[]> ack;
        try
        {
            ack = await _acks.Msgs.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no acknowledgement for event {pending.Sequence}-{pending.Index} within {_ackTimeout.TotalSeconds:0.#} s");
        }
        catch (ChannelClosedException ex)
        {
            throw new TimeoutException($"the connection closed before event {pending.Sequence}-{pending.Index} was acknowledged", ex);
        }

        return Check(pending, ack);
    }

    /// <summary>The oldest publish's acknowledgement if it has arrived already (never waits); checked as <see cref="AcknowledgedAsync"/> does.</summary>
    public bool TryAcknowledged(out (long Sequence, int Index, long Timestamp) stored)
    {
        stored = default;
        if (_pending.Count == 0 || !_acks.Msgs.TryRead(out var ack))
        {
            return false;
        }

        stored = Check(_pending.Dequeue(), ack);
        return true;
    }

    private static (long Sequence, int Index, long Timestamp) Check(Pending pending, NatsMsg<byte[]> ack)
    {
        var tag = ack.Subject.AsSpan(ack.Subject.LastIndexOf('.') + 1);
        if (!long.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var got) || got != pending.Tag)
        {
            throw new InvalidOperationException($"acknowledgement {ack.Subject} arrived where that of event {pending.Sequence}-{pending.Index} was due (one was lost)");
        }

        var (stored, duplicate, error) = Parse(ack.Data);
        if (error is not null)
        {
            throw new InvalidOperationException($"the stream refused event {pending.Sequence}-{pending.Index}: {error}");
        }

        if (duplicate || stored != pending.StreamSequence)
        {
            throw new InvalidOperationException($"event {pending.Sequence}-{pending.Index} was stored at stream sequence {stored}{(duplicate ? " (a duplicate)" : "")} " +
                $"where {pending.StreamSequence} was expected: another relay publishes too");
        }

        return (pending.Sequence, pending.Index, pending.Timestamp);
    }

    /// <summary>A JetStream publish acknowledgement: <c>{"stream":"S","seq":N,"duplicate":true}</c> or <c>{"error":{"code":..,"err_code":..,"description":".."}}</c>.</summary>
    internal static (ulong Sequence, bool Duplicate, string? Error) Parse(byte[]? json)
    {
        if (json is null || json.Length == 0)
        {
            return (0, false, "an empty acknowledgement (no stream takes this subject, or JetStream is not ready)");
        }

        ulong sequence = 0;
        var duplicate = false;
        string? error = null;
        var reader = new Utf8JsonReader(json);
        var depth = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    depth++;
                    break;
                case JsonTokenType.EndObject:
                    depth--;
                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("seq"):
                    reader.Read();
                    sequence = reader.GetUInt64();
                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("duplicate"):
                    reader.Read();
                    duplicate = reader.TokenType == JsonTokenType.True;
                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("error"):
                    error = System.Text.Encoding.UTF8.GetString(json);
                    reader.Skip();
                    break;
            }
        }

        return (sequence, duplicate, error);
    }

    public async ValueTask DisposeAsync() => await _acks.DisposeAsync().ConfigureAwait(false);

    private readonly record struct Pending(long Tag, ulong StreamSequence, long Sequence, int Index, long Timestamp);
}
