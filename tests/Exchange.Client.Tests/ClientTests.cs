using System.Net;
using System.Net.Sockets;
using Exchange.Protocol.Framing;
using Exchange.Protocol.Session;

namespace Exchange.Client.Tests;

public sealed class ClientTests
{
    [Fact]
    public async Task Login_rejection_surfaces_as_an_exception_with_the_reason()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[FrameHeader.Size + Login.BodySize];
            await socket.ReceiveAsync(buffer);
            var reply = new byte[16];
            var length = FrameCodec.Write(reply, new LoginRejected((ushort)LoginRejectReason.UnsupportedProtocolVersion));
            await socket.SendAsync(reply.AsMemory(0, length));
        });

        var error = await Assert.ThrowsAsync<LoginRejectedException>(() => ExchangeClient.ConnectAsync("127.0.0.1", port, 1, "s"));
        Assert.Equal((ushort)LoginRejectReason.UnsupportedProtocolVersion, error.Reason);
        await server;
    }

    [Fact]
    public async Task A_server_that_closes_during_login_is_an_io_error()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
        });
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
}
