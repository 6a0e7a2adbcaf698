using System.Net;
using System.Net.Sockets;
using Exchange.Protocol.Framing;
using Exchange.Protocol.Session;

namespace Exchange.Client.Tests;

/// <summary>
/// A scripted server on a loopback port for the client's own behaviour (what a real server will not do
/// on demand: go silent, flood, answer late): it accepts connections one after another, reads each
/// login and runs <c>script</c> with the socket and the login's last-seen sequence.
/// </summary>
internal sealed class FakeServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public FakeServer(Func<Socket, ulong, CancellationToken, Task> script)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(async () =>
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    _ = Task.Run(async () =>
                    {
                        using (socket)
                        {
                            try
                            {
                                var login = await ReadLoginAsync(socket, _stop.Token);
                                Interlocked.Increment(ref _logins);
                                var lastSeen = BitConverter.ToUInt64(login, FrameHeader.Size + 12);
                                await script(socket, lastSeen, _stop.Token);
                            }
                            catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
                            {
                            }
                        }
                    });
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    private int _logins;

    public int Port { get; }

    public int Logins => Volatile.Read(ref _logins);

    /// <summary>Reads a whole login frame (a socket may hand it over in pieces; closing with bytes unread would reset the connection).</summary>
    public static async Task<byte[]> ReadLoginAsync(Socket socket, CancellationToken cancellationToken)
    {
        var login = new byte[FrameHeader.Size + Login.BodySize];
        var read = 0;
        while (read < login.Length)
        {
            var n = await socket.ReceiveAsync(login.AsMemory(read), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                throw new IOException("The client closed before its login was complete.");
            }

            read += n;
        }

        return login;
    }

    public static async Task SendAsync<T>(Socket socket, T message, CancellationToken cancellationToken)
        where T : struct, IMessage<T>
    {
        var frame = FrameCodec.ToArray(message);
        await socket.SendAsync(frame, SocketFlags.None, cancellationToken);
    }

    /// <summary>Accepts the login with this heartbeat interval.</summary>
    public static Task AcceptAsync(Socket socket, uint heartbeatMillis, CancellationToken cancellationToken) =>
        SendAsync(socket, new LoginAccepted(1, 1, heartbeatMillis), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
