using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;

namespace Exchange.LatencyHarness;

/// <summary>
/// The baseline: a TCP server that speaks just enough of the protocol for the real client to log in,
/// and answers every NewOrder with an OrderAccepted of the same size as the exchange's, doing nothing
/// else. Same framing, message sizes, socket options (NoDelay) and receive loop (System.IO.Pipelines)
/// as the gateway, so the exchange's latency over this one is the cost of journaling and matching
/// and of the gateway's own work.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private Task? _accepting;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            lock (_connections)
            {
                _connections.Add(Task.Run(() => ServeAsync(socket)));
            }
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        var reader = PipeReader.Create(stream);
        var replies = new byte[64 * 1024];
        var scratch = new byte[FrameCodec.DefaultMaxFrame];
        var sequence = 0UL;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_stopping.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                int written;
                while ((written = Answer(ref buffer, replies, scratch, ref sequence)) > 0)
                {
                    await stream.WriteAsync(replies.AsMemory(0, written)).ConfigureAwait(false);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Answers the complete frames at the start of <paramref name="buffer"/> while the replies fit; returns the reply bytes.</summary>
    private static int Answer(ref ReadOnlySequence<byte> buffer, byte[] replies, byte[] scratch, ref ulong sequence)
    {
        var written = 0;
        while (replies.Length - written >= FrameCodec.DefaultMaxFrame)
        {
            // As the gateway does: a frame split across segments is read from a copy in a reused buffer.
            var span = buffer.IsSingleSegment ? buffer.FirstSpan : Contiguous(buffer, scratch);
            if (FrameCodec.TryRead(span, FrameCodec.DefaultMaxFrame, out var header) != FrameStatus.Complete)
            {
                break;
            }

            if (FrameCodec.TryReadBody<Login>(span, header, out _))
            {
                written += FrameCodec.Write(replies.AsSpan(written), new LoginAccepted(1, 1, 5_000));
            }
            else if (FrameCodec.TryReadBody<NewOrder>(span, header, out var order))
            {
                sequence++;
                written += FrameCodec.Write(replies.AsSpan(written), new OrderAccepted(sequence, sequence, 0, sequence, order.ClientOrderId,
                    order.Instrument, order.Side, 0, 0, order.Price, order.Quantity));
            }

            buffer = buffer.Slice(header.FrameLength);
        }

        return written;
    }

    private static ReadOnlySpan<byte> Contiguous(in ReadOnlySequence<byte> buffer, byte[] scratch)
    {
        var length = (int)Math.Min(buffer.Length, scratch.Length);
        buffer.Slice(0, length).CopyTo(scratch);
        return scratch.AsSpan(0, length);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(false);
        }

        Task[] running;
        lock (_connections)
        {
            running = [.. _connections];
        }

        await Task.WhenAll(running).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
