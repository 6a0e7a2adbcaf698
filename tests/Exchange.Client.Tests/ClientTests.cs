using System.Net;
using System.Net.Sockets;
using Exchange.Protocol.Framing;
using Exchange.Protocol.Session;

namespace Exchange.Client.Tests;

public sealed class ClientTests
{
    /// <summary>A fake server for one connection on a loopback port: it accepts, reads the login frame, then runs <paramref name="answer"/>.</summary>
    private static (int Port, Task Served) ServeOneLogin(Func<Socket, Task> answer)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var served = Task.Run(async () =>
        {
            try
            {
                using var socket = await listener.AcceptSocketAsync();
                await FakeServer.ReadLoginAsync(socket, CancellationToken.None); // whole: closing on unread bytes would reset the connection
                await answer(socket);
            }
            finally
            {
                listener.Stop();
            }
        });
        return (port, served);
    }

    [Fact]
    public async Task Login_rejection_surfaces_as_an_exception_with_the_reason()
    {
        var (port, server) = ServeOneLogin(async socket =>
        {
            var reply = new byte[16];
            var length = FrameCodec.Write(reply, new LoginRejected((ushort)LoginRejectReason.UnsupportedProtocolVersion));
            await socket.SendAsync(reply.AsMemory(0, length));
        });

        var error = await Assert.ThrowsAsync<LoginRejectedException>(() => ExchangeClient.ConnectAsync("127.0.0.1", port, 1, "s"));
        Assert.Equal(LoginRejectReason.UnsupportedProtocolVersion, error.Reason);
        await server;
    }

    [Fact]
    public async Task A_server_that_closes_during_login_is_an_io_error()
    {
        var (port, server) = ServeOneLogin(_ => Task.CompletedTask); // closes without answering
        await Assert.ThrowsAsync<IOException>(() => ExchangeClient.ConnectAsync("127.0.0.1", port, 1, "s"));
        await server;
    }

    [Fact]
    public async Task Nothing_listening_is_a_socket_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await Assert.ThrowsAnyAsync<SocketException>(() => ExchangeClient.ConnectAsync("127.0.0.1", port, 1, "s"));
    }

    [Fact]
    public async Task Message_types_and_versions_the_client_does_not_know_are_passed_on_not_fatal()
    {
        var (port, server) = ServeOneLogin(async socket =>
        {
            var reply = new byte[256];
            var length = FrameCodec.Write(reply, new LoginAccepted(1, 1, 60_000)); // no client heartbeat before the server closes: unread bytes would turn its close into a reset
            // A future type 0xEE, then OrderAccepted in a version 9 this client does not know, then a heartbeat.
            reply[length] = 3; reply[length + 1] = 0; reply[length + 2] = 0xEE; reply[length + 3] = 1; reply[length + 4] = 42;
            length += 5;
            reply[length] = 2; reply[length + 1] = 0; reply[length + 2] = (byte)MessageType.OrderAccepted; reply[length + 3] = 9;
            length += 4;
            length += FrameCodec.Write(reply.AsSpan(length), new ServerHeartbeat());
            await socket.SendAsync(reply.AsMemory(0, length));
            await Task.Delay(2_000);
        });

        await using var client = await ExchangeClient.ConnectAsync("127.0.0.1", port, 1, "s");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = await client.Messages.ReadAsync(timeout.Token);
        Assert.False(first.IsKnown);
        Assert.Equal(new UnknownMessage((MessageType)0xEE, 1, 1), Assert.IsType<UnknownMessage>(first.Message));
        var second = await client.Messages.ReadAsync(timeout.Token);
        Assert.False(second.IsKnown);
        Assert.Equal((MessageType.OrderAccepted, (byte)9), (second.Type, second.Version));
        Assert.IsType<ServerHeartbeat>((await client.Messages.ReadAsync(timeout.Token)).Message); // still reading after them
        await server;
    }
}
