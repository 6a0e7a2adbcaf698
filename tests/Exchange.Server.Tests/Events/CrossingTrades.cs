using Exchange.Client;
using Exchange.Protocol.OrderEntry;
using Exchange.Server.Tests.Cluster;

namespace Exchange.Server.Tests.Events;

/// <summary>
/// Two demo accounts trading with each other on ETH-USD over one session each: every pair a sell and a buy at one
/// price, so most pairs trade (and emit their balance events). One session per account for the whole test: a new
/// login asking for every reply from the start would outgrow the resend window.
/// </summary>
internal sealed class CrossingTrades : IAsyncDisposable
{
    private readonly ExchangeClient _seller;
    private readonly ExchangeClient _buyer;
    private readonly Task _sellerAnswers;
    private readonly Task _buyerAnswers;
    private int _answered;
    private int _sent;

    private CrossingTrades(ExchangeClient seller, ExchangeClient buyer)
    {
        _seller = seller;
        _buyer = buyer;
        _sellerAnswers = CountAnswers(seller);
        _buyerAnswers = CountAnswers(buyer);
    }

    public static ClientOptions Options(int port, long account, string secret) => new()
    {
        Endpoints = [("127.0.0.1", port)],
        Account = account,
        Secret = secret,
    };

    public static async Task<CrossingTrades> ConnectAsync(ClientOptions seller, ClientOptions buyer) =>
        new(await ExchangeClient.ConnectAsync(seller), await ExchangeClient.ConnectAsync(buyer));

    /// <summary>The demo accounts 1001 (selling) and 1002 (buying) on a single server's gateway.</summary>
    public static Task<CrossingTrades> ConnectAsync(int port) =>
        ConnectAsync(Options(port, 1001, "alice-secret"), Options(port, 1002, "bob-secret"));

    /// <summary>Sends <paramref name="pairs"/> crossing pairs and waits until every order sent so far is answered.</summary>
    public async Task SendAsync(int pairs)
    {
        for (var i = 0; i < pairs; i++)
        {
            var id = ++_sent;
            var price = 3_000 + (id % 20);
            await _seller.SendOrderAsync(NewOrderRequest.Limit(id, 2, Protocol.Orders.Side.Sell, price, 1));
            await _buyer.SendOrderAsync(NewOrderRequest.Limit(id, 2, Protocol.Orders.Side.Buy, price, 1));
            if (i % 400 == 399)
            {
                await Task.Delay(60); // under the gateway's throttle
            }
        }

        var deadline = DateTime.UtcNow + TestCluster.Patience;
        while (Volatile.Read(ref _answered) < 2 * _sent)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Volatile.Read(ref _answered)} of {2 * _sent} orders answered");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until both sessions have logged in again after a lost connection (a failover).</summary>
    public async Task WaitReconnectedAsync()
    {
        var deadline = DateTime.UtcNow + TestCluster.Patience;
        while (!(Reconnected(_seller) && Reconnected(_buyer)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the sessions did not log in again: {_seller.State}/{_seller.Reconnects}, {_buyer.State}/{_buyer.Reconnects}");
            }

            await Task.Delay(20);
        }

        static bool Reconnected(ExchangeClient client) => client.Reconnects > 0 && client.State == ConnectionState.Connected;
    }

    private Task CountAnswers(ExchangeClient client) => Task.Run(async () =>
    {
        var answers = new Dictionary<ulong, ulong>();
        await foreach (var message in client.Messages.ReadAllAsync())
        {
            if (OrderBurst.Record(message, answers))
            {
                Interlocked.Increment(ref _answered);
            }
        }
    });

    public async ValueTask DisposeAsync()
    {
        await _seller.DisposeAsync();
        await _buyer.DisposeAsync();
        await Task.WhenAll(_sellerAnswers, _buyerAnswers).WaitAsync(TestCluster.Patience);
    }
}
