using System.Net.Sockets;
using Exchange.Protocol.Framing;
using Exchange.Protocol.Session;

namespace Exchange.IntegrationTests;

/// <summary>
/// A bare-socket session for tests that must not disturb what they measure: blocking sends and
/// receives on buffers made once, so the test side allocates nothing per message.
/// </summary>
internal sealed class RawSession : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly byte[] _receive = new byte[256 * 1024];
    private readonly byte[] _send = new byte[FrameCodec.DefaultMaxFrame];
    private int _start;
    private int _end;

    public RawSession(int port, long account, string secret, int receiveBufferBytes = 0, bool cancelOnDisconnect = false)
    {
        if (receiveBufferBytes > 0)
        {
            _socket.ReceiveBufferSize = receiveBufferBytes;
        }

        _socket.ReceiveTimeout = (int)ExchangeHost.Patience.TotalMilliseconds;
        _socket.Connect("127.0.0.1", port);
        Send(new Login((ulong)account, 1, cancelOnDisconnect ? (byte)1 : (byte)0, 0, ulong.MaxValue, secret));
        var reply = Next(out _);
        if (reply != MessageType.LoginAccepted)
        {
            throw new InvalidOperationException($"login answered {reply}");
        }
    }

    public void Send<T>(in T message)
        where T : struct, IMessage<T>
    {
        var length = FrameCodec.Write(_send, message);
        _socket.Send(_send.AsSpan(0, length));
    }

    /// <summary>The next frame's type; <paramref name="body"/> points into the receive buffer until the next call.</summary>
    public MessageType Next(out ReadOnlySpan<byte> body)
    {
        while (true)
        {
            var available = _receive.AsSpan(_start, _end - _start);
            if (FrameCodec.TryRead(available, _receive.Length, out var header) == FrameStatus.Complete)
            {
                body = available.Slice(FrameHeader.Size, header.BodyLength);
                _start += header.FrameLength;
                return header.Type;
            }

            if (_start > 0)
            {
                available.CopyTo(_receive);
                _end -= _start;
                _start = 0;
            }

            var read = _socket.Receive(_receive.AsSpan(_end));
            if (read == 0)
            {
                throw new EndOfStreamException("the server closed the connection");
            }

            _end += read;
        }
    }

    /// <summary>Reads until a frame of <paramref name="type"/> arrives; returns how many frames were read.</summary>
    public int SkipTo(MessageType type)
    {
        var frames = 1;
        while (Next(out _) != type)
        {
            frames++;
        }

        return frames;
    }

    /// <summary>Ends the connection the way a crashed client does: a reset (RST) instead of an orderly close (FIN).</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();
}
