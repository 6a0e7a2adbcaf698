using System.Threading.Channels;
using Exchange.Protocol.Framing;

namespace Exchange.Client;

/// <summary>Reading an application's own message stream (<see cref="ExchangeClient.Messages"/>) by type.</summary>
public static class MessageReaderExtensions
{
    /// <summary>
    /// Reads the stream up to the next <typeparamref name="T"/> and returns it; the messages before it
    /// are read too and passed to <paramref name="skipped"/> if given. For a tool that owns the stream and
    /// waits for one thing (a command-line client); an application that also trades reads every message.
    /// </summary>
    /// <exception cref="ChannelClosedException">The client closed first.</exception>
    public static async Task<T> ReadNextAsync<T>(this ChannelReader<ServerMessage> reader, Action<ServerMessage>? skipped = null, CancellationToken cancellationToken = default)
        where T : struct, IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (true)
        {
            var message = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (message.TryAs<T>(out var wanted))
            {
                return wanted;
            }

            skipped?.Invoke(message);
        }
    }
}
