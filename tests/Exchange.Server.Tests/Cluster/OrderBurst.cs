using Exchange.Client;
using Exchange.Protocol.OrderEntry;

namespace Exchange.Server.Tests.Cluster;

/// <summary>
/// Many orders from one client, sent as fast as the gateway's throttle allows (a short pause every 500),
/// until every one is answered: what a test needs to put a standby far behind.
/// </summary>
internal static class OrderBurst
{
    /// <summary>Sends <paramref name="orders"/> limit orders and returns their answers: reply sequence → client order id.</summary>
    public static async Task<Dictionary<ulong, ulong>> SendAsync(ClientOptions options, int orders)
    {
        var answers = new Dictionary<ulong, ulong>();
        await using var client = await ExchangeClient.ConnectAsync(options);
        var reader = Task.Run(async () =>
        {
            await foreach (var message in client.Messages.ReadAllAsync())
            {
                if (Record(message, answers) && answers.Count == orders)
                {
                    return;
                }
            }
        });
        for (var id = 1; id <= orders; id++)
        {
            await client.SendOrderAsync(NewOrderRequest.Limit(id, 2, Protocol.Orders.Side.Buy, 2_700 + (id % 300), 1));
            if (id % 500 == 0)
            {
                await Task.Delay(60); // under the gateway's throttle
            }
        }

        await reader.WaitAsync(TestCluster.Patience);
        return answers;
    }

    /// <summary>Adds an order's answer (accepted or rejected) to <paramref name="answers"/> under its reply sequence; false for any other message.</summary>
    public static bool Record(ServerMessage message, Dictionary<ulong, ulong> answers)
    {
        if (message.TryAs<OrderAccepted>(out var accepted))
        {
            answers[accepted.Sequence] = accepted.ClientOrderId;
            return true;
        }

        if (message.TryAs<OrderRejected>(out var rejected))
        {
            answers[rejected.Sequence] = rejected.ClientOrderId;
            return true;
        }

        return false;
    }
}
