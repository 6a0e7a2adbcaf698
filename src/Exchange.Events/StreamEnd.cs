using System.Text.Json;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Exchange.Events;

/// <summary>
/// Where the stream ended when the relay (re)started: its last stream sequence and the engine event stored there,
/// read from that message's body. The relay resumes with the event after it.
/// </summary>
/// <param name="StreamSequence">The stream's last sequence (0: empty and never written).</param>
/// <param name="Sequence">The engine sequence of the last stored event (0: none).</param>
/// <param name="Index">Its index among its command's events.</param>
/// <param name="Body">The stored body, compared with the re-derived event to prove the stream holds this journal's history.</param>
public sealed record StreamEnd(ulong StreamSequence, long Sequence, int Index, byte[]? Body)
{
    /// <summary>Creates the stream (or updates its limits) and reads where it ends.</summary>
    /// <exception cref="RelayHaltedException">The stream's last message is gone (aged out, deleted) or is not an exchange event.</exception>
    public static async Task<StreamEnd> ReadAsync(NatsJSContext js, EventRelayOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(js);
        ArgumentNullException.ThrowIfNull(options);
        var stream = await js.CreateOrUpdateStreamAsync(Config(options), cancellationToken).ConfigureAwait(false);
        var last = stream.Info.State.LastSeq;
        if (last == 0)
        {
            return new StreamEnd(0, 0, -1, null);
        }

        StreamMsgGetResponse message;
        try
        {
            message = await stream.GetAsync(new StreamMsgGetRequest { Seq = last }, cancellationToken).ConfigureAwait(false);
        }
        catch (NatsJSApiException ex) when (ex.Error.Code == 404)
        {
            throw new RelayHaltedException($"stream {options.StreamName} ends at stream sequence {last} but that message is gone (aged out or deleted): " +
                "the relay cannot tell which event comes next. Raise the stream's max age, or start a new stream.");
        }

        var body = message.Message.Data.ToArray();
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return new StreamEnd(last, root.GetProperty("sequence").GetInt64(), root.GetProperty("index").GetInt32(), body);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new RelayHaltedException($"stream {options.StreamName}: its last message (stream sequence {last}, subject {message.Message.Subject}) is not an exchange event: " +
                "only the relay may publish on the stream's subjects.");
        }
    }

    /// <summary>The stream as the relay wants it: the prefix's subjects, file storage, the configured limits.</summary>
    public static StreamConfig Config(EventRelayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new StreamConfig(options.StreamName, [EventSubjects.All(options.SubjectPrefix)])
        {
            Storage = StreamConfigStorage.File,
            Retention = StreamConfigRetention.Limits,
            Discard = StreamConfigDiscard.Old,
            MaxAge = options.MaxAge,
            MaxBytes = options.MaxBytes > 0 ? options.MaxBytes : -1,
            NumReplicas = options.Replicas,
            DuplicateWindow = options.DuplicateWindow,
            AllowDirect = true,
        };
    }
}
