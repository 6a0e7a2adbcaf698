using Exchange.Client;
using Exchange.Core.Orders;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;

namespace Exchange.Testing;

/// <summary>
/// Places a good-till-date order that expires shortly after it is sent, without making a test
/// depend on the machine keeping a deadline: the expire time is chosen when the order is sent, and
/// if a stall on a loaded machine lets it pass before the sequencer stamps the order (rejected as
/// an invalid expire time), the order is sent again with twice the lead.
/// </summary>
public static class ExpiringOrders
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Sends the GTD buy and waits for its acceptance; returns its expire time (ns since the Unix epoch).</summary>
    public static async Task<long> PlaceGtdBuyAsync(ExchangeClient client, long clientOrderId, int instrument, long price, long quantity, TimeSpan lead)
    {
        ArgumentNullException.ThrowIfNull(client);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var expireAt = UnixNanosNow() + (lead.Ticks * 100);
            await client.PlaceLimitV2Async(clientOrderId + attempt, instrument, (byte)Side.Buy, price, quantity, timeInForce: (byte)TimeInForce.Gtd, expireTime: expireAt);
            var answer = await NextOrderAnswerAsync(client);
            if (answer.Type == MessageType.OrderAccepted)
            {
                return expireAt;
            }

            var reason = answer.As<OrderRejected>().Reason;
            if (reason != (ushort)RejectReason.InvalidExpireTime)
            {
                throw new InvalidOperationException($"The GTD order was rejected with reason {reason}.");
            }

            lead *= 2;
        }

        throw new InvalidOperationException("The machine stalled past every expire time tried.");
    }

    public static long UnixNanosNow() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    private static async Task<ServerMessage> NextOrderAnswerAsync(ExchangeClient client)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var message = await client.Messages.ReadAsync(timeout.Token);
            if (message.Type is MessageType.OrderAccepted or MessageType.OrderRejected)
            {
                return message;
            }
        }
    }
}
