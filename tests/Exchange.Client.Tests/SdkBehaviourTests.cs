using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Orders;
using Exchange.Protocol.Queries;
using Exchange.Protocol.Session;

namespace Exchange.Client.Tests;

/// <summary>
/// What the SDK promises about its own behaviour, against scripted servers: a silent server is
/// noticed, a list of endpoints is walked, a slow application is not a dead server and loses
/// nothing, a cancelled wait takes nothing from the stream.
/// </summary>
public sealed class SdkBehaviourTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static OrderAccepted Accepted(ulong sequence, ulong clientOrderId) => new(sequence, sequence, 0, sequence, clientOrderId, 1, 1, 0, 0, 100, 1);

    [Fact]
    public async Task A_server_silent_for_three_heartbeat_intervals_ends_the_connection_with_a_timeout()
    {
        await using var silent = new FakeServer(async (socket, _, ct) =>
        {
            await FakeServer.AcceptAsync(socket, heartbeatMillis: 100, ct);
            await Task.Delay(Timeout.Infinite, ct); // says nothing more, never closes
        });

        await using var client = await ExchangeClient.ConnectAsync("127.0.0.1", silent.Port, 1, "s");
        var states = new List<ConnectionState>();
        client.StateChanged += (_, state) => { lock (states) { states.Add(state); } };

        await client.Messages.Completion.WaitAsync(Patience); // the stream ends: the client gave up on the silent server
        Assert.IsType<TimeoutException>(client.CloseReason);
        Assert.Equal(ConnectionState.Closed, client.State);
        lock (states)
        {
            Assert.Equal([ConnectionState.Closed], states);
        }
    }

    [Fact]
    public async Task Disposing_while_the_server_streams_is_a_quiet_close_every_time()
    {
        // Dispose cancels the read and disposes the socket: whichever lands first, the receive loop
        // must end quietly (CI once saw an IOException escape DisposeAsync when the disposal won).
        await using var chatty = new FakeServer(async (socket, _, ct) =>
        {
            await FakeServer.AcceptAsync(socket, heartbeatMillis: 1_000, ct);
            var frame = FrameCodec.ToArray(new ServerHeartbeat());
            var burst = new byte[frame.Length * 512];
            for (var i = 0; i < 512; i++)
            {
                frame.CopyTo(burst, i * frame.Length);
            }

            while (!ct.IsCancellationRequested)
            {
                await socket.SendAsync(burst, System.Net.Sockets.SocketFlags.None, ct);
            }
        });

        for (var round = 0; round < 300; round++)
        {
            var client = await ExchangeClient.ConnectAsync("127.0.0.1", chatty.Port, 1, "s");
            if (round % 2 == 1)
            {
                await Task.Yield(); // let the receive loop get into a read first, on some rounds
            }

            await client.DisposeAsync().AsTask().WaitAsync(Patience);
            Assert.Equal(ConnectionState.Closed, client.State);
        }
    }

    [Fact]
    public async Task Reconnect_walks_the_endpoints_and_asks_for_what_it_missed()
    {
        // The primary sends replies 1 and 2, then goes silent; the standby resends from what the client saw.
        await using var primary = new FakeServer(async (socket, _, ct) =>
        {
            await FakeServer.AcceptAsync(socket, heartbeatMillis: 100, ct);
            await FakeServer.SendAsync(socket, Accepted(1, 11), ct);
            await FakeServer.SendAsync(socket, Accepted(2, 12), ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        var lastSeenAtStandby = new TaskCompletionSource<ulong>();
        await using var standby = new FakeServer(async (socket, lastSeen, ct) =>
        {
            lastSeenAtStandby.TrySetResult(lastSeen);
            await FakeServer.AcceptAsync(socket, heartbeatMillis: 100, ct);
            await FakeServer.SendAsync(socket, Accepted(2, 12), ct); // a duplicate: not delivered twice
            await FakeServer.SendAsync(socket, Accepted(3, 13), ct);
            while (!ct.IsCancellationRequested)
            {
                await FakeServer.SendAsync(socket, new ServerHeartbeat(), ct);
                await Task.Delay(50, ct);
            }
        });

        var states = new List<ConnectionState>();
        await using var client = await ExchangeClient.ConnectAsync(new ClientOptions
        {
            Endpoints = [("127.0.0.1", primary.Port), ("127.0.0.1", standby.Port)], Account = 1, Secret = "s", AutoReconnect = true,
        });
        client.StateChanged += (_, state) => { lock (states) { states.Add(state); } };

        var clientOrderIds = new List<ulong>();
        using var timeout = new CancellationTokenSource(Patience);
        while (clientOrderIds.Count < 3)
        {
            clientOrderIds.Add((await client.Messages.ReadNextAsync<OrderAccepted>(cancellationToken: timeout.Token)).ClientOrderId);
        }

        Assert.Equal([11UL, 12UL, 13UL], clientOrderIds);
        Assert.Equal(2UL, await lastSeenAtStandby.Task.WaitAsync(Patience));
        Assert.Equal(("127.0.0.1", standby.Port), client.Endpoint);
        Assert.Equal(1, client.Reconnects);
        Assert.Equal(3, client.LastSequence);
        lock (states)
        {
            Assert.Equal([ConnectionState.Reconnecting, ConnectionState.Connected], states);
        }
    }

    [Fact]
    public async Task An_application_that_falls_behind_holds_the_socket_back_and_loses_nothing_and_is_not_taken_for_a_dead_server()
    {
        const int count = 5_000;
        await using var flood = new FakeServer(async (socket, _, ct) =>
        {
            await FakeServer.AcceptAsync(socket, heartbeatMillis: 100, ct);
            for (ulong i = 1; i <= count; i++)
            {
                await FakeServer.SendAsync(socket, Accepted(i, 1_000 + i), ct);
            }

            while (!ct.IsCancellationRequested)
            {
                await FakeServer.SendAsync(socket, new ServerHeartbeat(), ct);
                await Task.Delay(50, ct);
            }
        });

        await using var client = await ExchangeClient.ConnectAsync(new ClientOptions
        {
            Endpoints = [("127.0.0.1", flood.Port)], Account = 1, Secret = "s", EventBufferCapacity = 16,
        });

        // Not reading for ten heartbeat timeouts: the buffer fills, the client stops reading the socket, and stays connected.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(ConnectionState.Connected, client.State);
        Assert.True(client.LastSequence < count, $"the client read {client.LastSequence} replies into a buffer of 16");

        using var timeout = new CancellationTokenSource(Patience);
        for (ulong i = 1; i <= count; i++)
        {
            Assert.Equal(1_000 + i, (await client.Messages.ReadNextAsync<OrderAccepted>(cancellationToken: timeout.Token)).ClientOrderId);
        }

        Assert.Equal(ConnectionState.Connected, client.State);
    }

    [Fact]
    public async Task Cancelling_a_wait_stops_the_wait_not_the_request_and_a_late_answer_reaches_the_stream()
    {
        var answerNow = new TaskCompletionSource();
        await using var late = new FakeServer(async (socket, _, ct) =>
        {
            await FakeServer.AcceptAsync(socket, heartbeatMillis: 10_000, ct);
            await answerNow.Task.WaitAsync(ct);
            await FakeServer.SendAsync(socket, Accepted(1, 77), ct);
            await FakeServer.SendAsync(socket, new BalanceReport(0, 2, 1, 2, 0, 0, 500, 0), ct); // query 2's answer, after it was given up
            await Task.Delay(Timeout.Infinite, ct);
        });

        await using var client = await ExchangeClient.ConnectAsync("127.0.0.1", late.Port, 1, "s");
        using (var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PlaceAsync(NewOrderRequest.Limit(77, 1, Side.Buy, 100, 1), soon.Token));
        }

        using (var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.QueryBalancesAsync(soon.Token)); // message id 2
        }

        answerNow.SetResult();
        using var timeout = new CancellationTokenSource(Patience);
        Assert.Equal(77UL, (await client.Messages.ReadNextAsync<OrderAccepted>(cancellationToken: timeout.Token)).ClientOrderId);
        Assert.Equal(2UL, (await client.Messages.ReadNextAsync<BalanceReport>(cancellationToken: timeout.Token)).ClientMessageId);

        // The same client order id may wait again once the first wait is over.
        var again = client.PlaceAsync(NewOrderRequest.Limit(77, 1, Side.Buy, 100, 1), timeout.Token);
        Assert.False(again.IsCompleted);
    }
}
