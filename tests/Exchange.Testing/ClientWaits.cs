using Exchange.Testing;
using Exchange.Client;
using Exchange.Protocol.Framing;

namespace Exchange.Testing;

/// <summary>Tests that drive a session step by step wait for the next message of a type on their own client's stream.</summary>
public static class ClientWaits
{
    /// <summary>The next <typeparamref name="T"/> on the client's <see cref="ExchangeClient.Messages"/> (skipping heartbeats and other types), within <paramref name="timeout"/>.</summary>
    public static async Task<T> WaitForAsync<T>(this ExchangeClient client, TimeSpan timeout)
        where T : struct, IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(client);
        using var timer = new CancellationTokenSource(timeout);
        return await client.Messages.ReadNextAsync<T>(cancellationToken: timer.Token).ConfigureAwait(false);
    }
}
