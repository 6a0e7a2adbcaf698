using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Exchange.Protocol.Framing;
using Exchange.Protocol.Session;

namespace Exchange.IntegrationTests;

/// <summary>
/// Logins on fresh connections from a chosen loopback source address (127.0.0.0/8 stands in for clients on
/// other hosts): what attackers spread over many addresses, and an honest client beside them, send.
/// </summary>
internal static class RawLogin
{
    /// <summary>A connection from <paramref name="source"/> to the gateway, nothing sent.</summary>
    public static async Task<Socket> ConnectAsync(int port, string source, CancellationToken cancellation)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            await socket.ConnectAsync(IPAddress.Loopback, port, cancellation);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>One login on a fresh connection from <paramref name="source"/>: the answer's type, its reason (for a reject) and how long it took.</summary>
    public static async Task<(MessageType Type, ushort Reason, TimeSpan Elapsed)> LoginAsync(int port, long account, string secret, string source = "127.0.0.1")
    {
        using var timeout = new CancellationTokenSource(ExchangeHost.Patience);
        using var socket = await ConnectAsync(port, source, timeout.Token);
        var frame = new byte[128];
        var length = FrameCodec.Write(frame, new Login((ulong)account, 2, 0, 0, ulong.MaxValue, secret));
        var watch = Stopwatch.StartNew();
        await socket.SendAsync(frame.AsMemory(0, length), timeout.Token);
        var (type, reason) = await ReadAnswerAsync(socket, timeout.Token);
        return (type, reason, watch.Elapsed);
    }

    /// <summary>The first frame the server sends on <paramref name="socket"/>: its type and (for a LoginRejected) reason.</summary>
    public static async Task<(MessageType Type, ushort Reason)> ReadAnswerAsync(Socket socket, CancellationToken cancellation)
    {
        var buffer = new byte[256];
        var received = 0;
        while (true)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(received), cancellation);
            if (read == 0)
            {
                throw new EndOfStreamException("closed without an answer to the login");
            }

            received += read;
            if (FrameCodec.TryRead(buffer.AsSpan(0, received), buffer.Length, out var header) == FrameStatus.Complete)
            {
                var reason = header.Type == MessageType.LoginRejected ? BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(FrameHeader.Size)) : (ushort)0;
                return (header.Type, reason);
            }
        }
    }
}
