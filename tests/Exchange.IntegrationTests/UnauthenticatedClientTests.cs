using System.Net.Sockets;
using Exchange.Client;
using Exchange.Gateway;
using Exchange.Protocol.Framing;
using Exchange.Protocol.Session;

namespace Exchange.IntegrationTests;

/// <summary>
/// Connections that never log in, or log in wrongly, cannot take the gateway from honest clients:
/// a login deadline, a cap on anonymous connections answered with the documented reject, nothing but
/// a Login accepted before login, and one login per account even when logins race.
/// </summary>
public sealed class UnauthenticatedClientTests
{
    private static Socket Connect(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = (int)ExchangeHost.Patience.TotalMilliseconds };
        socket.Connect("127.0.0.1", port);
        return socket;
    }

    /// <summary>The first frame the server sends (its first two body bytes as a reason code), and then whether it closed the connection.</summary>
    private static (MessageType Type, ushort Reason, bool Closed) ReadAnswer(Socket socket)
    {
        var (type, body, closed) = ReadFrame(socket);
        return (type, body.Length >= 2 ? BitConverter.ToUInt16(body) : (ushort)0, closed);
    }

    /// <summary>The first frame the server sends, its body, and then whether it closed the connection.</summary>
    private static (MessageType Type, byte[] Body, bool Closed) ReadFrame(Socket socket)
    {
        var buffer = new byte[1024];
        var length = 0;
        while (true)
        {
            var read = socket.Receive(buffer.AsSpan(length));
            if (read == 0)
            {
                throw new EndOfStreamException("closed without an answer");
            }

            length += read;
            if (FrameCodec.TryRead(buffer.AsSpan(0, length), buffer.Length, out var header) == FrameStatus.Complete)
            {
                var body = buffer.AsSpan(FrameHeader.Size, header.BodyLength).ToArray();
                var closed = false;
                try
                {
                    var rest = length - header.FrameLength;
                    while (!closed)
                    {
                        closed = socket.Receive(buffer) == 0;
                    }

                    _ = rest;
                }
                catch (SocketException)
                {
                    closed = true; // a reset is a close too
                }

                return (header.Type, body, closed);
            }
        }
    }

    [Fact]
    public async Task A_connection_that_does_not_log_in_in_time_is_rejected_and_closed()
    {
        await using var host = await ExchangeHost.StartAsync(new GatewayOptions { LoginTimeout = TimeSpan.FromMilliseconds(300), HeartbeatInterval = TimeSpan.FromSeconds(30) });
        using var idle = Connect(host.Gateway.Port);
        var (type, reason, closed) = ReadAnswer(idle);
        Assert.Equal((MessageType.LoginRejected, (ushort)LoginRejectReason.LoginTimeout, true), (type, reason, closed));
    }

    [Fact]
    public async Task Frames_other_than_a_login_before_login_close_the_connection_instead_of_keeping_it_alive()
    {
        await using var host = await ExchangeHost.StartAsync(new GatewayOptions { LoginTimeout = TimeSpan.FromSeconds(30) });
        using var chatty = Connect(host.Gateway.Port);
        var frame = new byte[64];
        var length = FrameCodec.Write(frame, new ClientHeartbeat());
        chatty.Send(frame.AsSpan(0, length));
        var (type, body, closed) = ReadFrame(chatty);
        Assert.Equal((MessageType.ProtocolReject, true), (type, closed));
        var reject = ProtocolReject.ReadBody(body);
        Assert.Equal(((byte)MessageType.ClientHeartbeat, (ushort)ProtocolRejectReason.NotLoggedIn, 0UL), (reject.ReferenceType, reject.Reason, reject.ClientMessageId)); // docs/protocol.md: 0 before login
    }

    [Fact]
    public async Task At_the_anonymous_cap_the_oldest_idle_socket_gets_the_documented_reject_and_a_known_account_logs_in_at_once()
    {
        var options = new GatewayOptions { MaxUnauthenticated = 4, MaxConnections = 16, LoginTimeout = TimeSpan.FromSeconds(30), HeartbeatInterval = TimeSpan.FromSeconds(30) };
        await using var host = await ExchangeHost.StartAsync(options);
        var idle = Enumerable.Range(0, 4).Select(_ => Connect(host.Gateway.Port)).ToList();
        try
        {
            // The gateway admits connections on its own thread: wait until it counts all four.
            var deadline = DateTime.UtcNow + ExchangeHost.Patience;
            while (host.Gateway.SessionCounts().Anonymous < 4)
            {
                Assert.True(DateTime.UtcNow < deadline, "the four idle sockets were never all admitted");
                await Task.Delay(20);
            }

            // A client that logs in gets a slot at once: the oldest idle socket makes room, told why.
            await using (var alice = await host.ConnectAsync(1))
            {
                Assert.Equal(1, alice.Account);
            }

            var (type, reason, closed) = ReadAnswer(idle[0]);
            Assert.Equal((MessageType.LoginRejected, (ushort)LoginRejectReason.TooManyConnections, true), (type, reason, closed));
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task Parallel_logins_of_one_account_let_exactly_one_in()
    {
        await using var host = await ExchangeHost.StartAsync();
        using var start = new Barrier(8);
        var attempts = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            start.SignalAndWait();
            try
            {
                return await host.ConnectAsync(2);
            }
            catch (LoginRejectedException ex) when (ex.Reason == LoginRejectReason.AlreadyLoggedIn)
            {
                return null;
            }
        })).ToArray();
        var sessions = await Task.WhenAll(attempts);
        Assert.Single(sessions, s => s is not null);
        foreach (var s in sessions)
        {
            if (s is not null)
            {
                await s.DisposeAsync();
            }
        }
    }
}
