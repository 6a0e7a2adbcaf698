using System.Collections.Concurrent;
using Exchange.Client;
using Exchange.Protocol.OrderEntry;

namespace Exchange.Server.Tests.Cluster;

/// <summary>
/// Orders from one client as fast as they are answered (an order unanswered after 100 ms is left to its fate and
/// the next one sent, so a failover is seen as soon as a node answers again), recording every acknowledgement its
/// reply stream carries.
/// </summary>
internal sealed class OrderLoad : IAsyncDisposable
{
    private readonly ExchangeClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sender;
    private readonly Task _reader;

    private OrderLoad(ExchangeClient client)
    {
        _client = client;
        _reader = Task.Run(ReadAsync);
        _sender = Task.Run(SendAsync);
    }

    public ConcurrentDictionary<long, long> Accepted { get; } = new(); // client order id -> engine sequence

    public List<ulong> ReplySequences { get; } = [];

    public static async Task<OrderLoad> StartAsync(ClientOptions options) => new(await ExchangeClient.ConnectAsync(options));

    public ExchangeClient Client => _client;

    public long NextClientOrderId;

    private async Task SendAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var id = Interlocked.Increment(ref NextClientOrderId);
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                wait.CancelAfter(TimeSpan.FromMilliseconds(100));
                await _client.PlaceAsync(NewOrderRequest.Limit(id, 2, Protocol.Orders.Side.Buy, 2_800, 1), wait.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or System.Net.Sockets.SocketException)
            {
                await Task.Delay(20); // between connections: the next order goes to whichever node answers
            }
        }
    }

    private async Task ReadAsync()
    {
        await foreach (var message in _client.Messages.ReadAllAsync())
        {
            if (message.ReplySequence > 0)
            {
                lock (ReplySequences)
                {
                    ReplySequences.Add(message.ReplySequence);
                }
            }

            if (message.TryAs<OrderAccepted>(out var accepted))
            {
                Accepted[(long)accepted.ClientOrderId] = (long)accepted.EngineSequence;
            }
        }
    }

    public async Task WaitForAcceptedAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Accepted.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {Accepted.Count} of {count} orders acknowledged within {timeout.TotalSeconds} s");
            await Task.Delay(10);
        }
    }

    public async Task StopSendingAsync()
    {
        await _stop.CancelAsync();
        await _sender;
    }

    public async ValueTask DisposeAsync()
    {
        await StopSendingAsync();
        await _client.DisposeAsync();
        await _reader.WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
