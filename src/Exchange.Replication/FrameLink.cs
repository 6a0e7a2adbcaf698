using System.Buffers.Binary;
using System.Net.Sockets;
using Exchange.Journal.Format;

namespace Exchange.Replication;

/// <summary>
/// One end of a replication link: length-prefixed frames over a blocking TCP socket
/// (<c>[u32 body length][u8 type][payload]</c>, little-endian; docs/replication.md). Reads on one
/// thread, writes on one (possibly other) thread; each direction reuses its own buffer.
/// </summary>
public sealed class FrameLink : IDisposable
{
    /// <summary>The largest frame body accepted: a batch of the biggest journal batch the writer makes, with room.</summary>
    public const int MaxBody = 256 * 1024 * 1024;

    private readonly Socket _socket;

    /// <summary>The TLS stream over the socket (null: plain TCP, read and written on the socket itself).</summary>
    private readonly Stream? _tls;
    private byte[] _in = new byte[1 << 16];
    private byte[] _out = new byte[1 << 16];
    private int _inLength;
    private int _outLength;

    public FrameLink(Socket socket, Stream? tls = null)
    {
        _socket = socket;
        _tls = tls;
        _socket.NoDelay = true;
        Remote = socket.RemoteEndPoint?.ToString() ?? "?";
    }

    /// <summary>The remote end, for logs.</summary>
    public string Remote { get; }

    /// <summary>How long a read may wait before the peer counts as gone (a primary sends heartbeats, a standby acks them).</summary>
    public TimeSpan ReadTimeout
    {
        set => _socket.ReceiveTimeout = (int)value.TotalMilliseconds;
    }

    /// <summary>Payload of the frame last read (valid until the next read).</summary>
    public ReadOnlySpan<byte> Payload => _in.AsSpan(1, _inLength - 1);

    /// <summary>Reads one frame; false when the peer closed the link cleanly.</summary>
    /// <exception cref="ReplicationProtocolException">The length is impossible.</exception>
    /// <exception cref="SocketException">The link failed or the read timed out.</exception>
    public bool TryRead(out FrameType type)
    {
        type = default;
        Span<byte> prefix = stackalloc byte[4];
        if (!ReadExactly(prefix))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < 1 || length > MaxBody)
        {
            throw new ReplicationProtocolException($"frame length {length} is out of range (1..{MaxBody})");
        }

        if (_in.Length < length)
        {
            _in = new byte[Math.Max(length, _in.Length * 2)];
        }

        if (!ReadExactly(_in.AsSpan(0, length)))
        {
            throw new ReplicationProtocolException("the link closed inside a frame");
        }

        _inLength = length;
        type = (FrameType)_in[0];
        return true;
    }

    private bool ReadExactly(Span<byte> destination)
    {
        var read = 0;
        while (read < destination.Length)
        {
            var n = _tls is null ? _socket.Receive(destination[read..]) : _tls.Read(destination[read..]);
            if (n == 0)
            {
                return read == 0 ? false : throw new ReplicationProtocolException("the link closed inside a frame");
            }

            read += n;
        }

        return true;
    }

    /// <summary>Starts a frame of <paramref name="type"/> with room for <paramref name="payload"/> bytes; returns the payload to fill.</summary>
    public Span<byte> Begin(FrameType type, int payload)
    {
        var total = 5 + payload;
        if (_out.Length < total)
        {
            _out = new byte[Math.Max(total, _out.Length * 2)];
        }

        BinaryPrimitives.WriteInt32LittleEndian(_out, payload + 1);
        _out[4] = (byte)type;
        _outLength = total;
        return _out.AsSpan(5, payload);
    }

    /// <summary>Sends the frame <see cref="Begin"/> started, whole.</summary>
    public void Send()
    {
        if (_tls is not null)
        {
            _tls.Write(_out, 0, _outLength);
            return;
        }

        var sent = 0;
        while (sent < _outLength)
        {
            sent += _socket.Send(_out.AsSpan(sent, _outLength - sent));
        }
    }

    public void SendHello(long nodeId, long epoch, ChainPoint end, bool takesSnapshots = false)
    {
        var p = Begin(FrameType.Hello, ReplicationProtocol.HelloSize);
        p[ReplicationProtocol.HelloSize - 1] = takesSnapshots ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16LittleEndian(p, ReplicationProtocol.Version);
        BinaryPrimitives.WriteInt64LittleEndian(p[2..], nodeId);
        BinaryPrimitives.WriteInt64LittleEndian(p[10..], epoch);
        BinaryPrimitives.WriteInt64LittleEndian(p[18..], end.Sequence);
        end.Value.Write(p[26..]);
        Send();
    }

    public void SendWelcome(long epoch, long fromSequence)
    {
        var p = Begin(FrameType.Welcome, 16);
        BinaryPrimitives.WriteInt64LittleEndian(p, epoch);
        BinaryPrimitives.WriteInt64LittleEndian(p[8..], fromSequence);
        Send();
    }

    public void SendRewind(long epoch, ChainPoint boundary)
    {
        var p = Begin(FrameType.Rewind, 16 + ChainValue.Size);
        BinaryPrimitives.WriteInt64LittleEndian(p, epoch);
        BinaryPrimitives.WriteInt64LittleEndian(p[8..], boundary.Sequence);
        boundary.Value.Write(p[16..]);
        Send();
    }

    public void SendRefused(RefusalReason reason, string message)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(message.Length > 1000 ? message[..1000] : message);
        var p = Begin(FrameType.Refused, 3 + text.Length);
        p[0] = (byte)reason;
        BinaryPrimitives.WriteUInt16LittleEndian(p[1..], (ushort)text.Length);
        text.CopyTo(p[3..]);
        Send();
    }

    public void SendBatch(long epoch, ReadOnlySpan<byte> records, long firstSequence, int count, ChainPoint end)
    {
        var p = Begin(FrameType.Batch, ReplicationProtocol.BatchHeaderSize + records.Length);
        BatchFrame.WriteHeader(p, epoch, firstSequence, count, end);
        records.CopyTo(p[ReplicationProtocol.BatchHeaderSize..]);
        Send();
    }

    public void SendAck(long durableSequence)
    {
        var p = Begin(FrameType.Ack, 8);
        BinaryPrimitives.WriteInt64LittleEndian(p, durableSequence);
        Send();
    }

    public void SendHeartbeat(long epoch, long committedSequence)
    {
        var p = Begin(FrameType.Heartbeat, 16);
        BinaryPrimitives.WriteInt64LittleEndian(p, epoch);
        BinaryPrimitives.WriteInt64LittleEndian(p[8..], committedSequence);
        Send();
    }

    public void SendSnapshotChunk(long epoch, ReplicationProtocol.SnapshotFileKind kind, long offset, ReadOnlySpan<byte> bytes)
    {
        var p = Begin(FrameType.SnapshotChunk, ReplicationProtocol.SnapshotChunkHeaderSize + bytes.Length);
        BinaryPrimitives.WriteInt64LittleEndian(p, epoch);
        p[8] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(p[9..], offset);
        bytes.CopyTo(p[ReplicationProtocol.SnapshotChunkHeaderSize..]);
        Send();
    }

    public void SendSnapshotEnd(long epoch, long sequence)
    {
        var p = Begin(FrameType.SnapshotEnd, 16);
        BinaryPrimitives.WriteInt64LittleEndian(p, epoch);
        BinaryPrimitives.WriteInt64LittleEndian(p[8..], sequence);
        Send();
    }

    public void Dispose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        _tls?.Dispose();
        _socket.Dispose();
    }
}
