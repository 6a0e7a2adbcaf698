using System.Net;
using System.Net.Sockets;
using Exchange.Gateway.Sessions;
using Exchange.Protocol.Framing;
using Exchange.Protocol.MarketData;

namespace Exchange.Gateway.Tests;

/// <summary>
/// <see cref="OutboundFrames.SendNowOrWake"/>: the engine publisher's batch-end send for a session. It
/// sends for an idle sender without waking it, leaves the bytes to a running one, and never blocks on a
/// peer that does not read.
/// </summary>
public sealed class PublisherSendTests : IDisposable
{
    private readonly Socket _server;
    private readonly Socket _client;

    public PublisherSendTests()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        _client.Connect(listener.LocalEndPoint!);
        _server = listener.Accept();
        _server.SendBufferSize = 4096;
        _server.Blocking = false; // as a session's socket
    }

    private static PublicTrade Trade(ulong sequence) => new(sequence, 1, 1, 0, 0, sequence, 100, 1, 0);

    private byte[] Receive(int count)
    {
        var bytes = new byte[count];
        var read = 0;
        _client.ReceiveTimeout = 30_000;
        while (read < count)
        {
            read += _client.Receive(bytes, read, count - read, SocketFlags.None);
        }

        return bytes;
    }

    [Fact]
    public async Task An_idle_sender_stays_asleep_while_the_publisher_sends_for_it_and_wakes_for_the_next_ordinary_write()
    {
        var ring = new OutboundFrames(64 * 1024);
        var waiting = ring.WaitToReadAsync().AsTask();
        Assert.True(ring.TryWrite(Trade(1), wake: false));
        Assert.True(ring.TryWrite(Trade(2), wake: false));
        Assert.False(waiting.IsCompleted); // the writes did not wake it

        Assert.True(ring.SendNowOrWake(_server, new byte[64 * 1024]));
        Assert.Equal(0, ring.Pending);
        Assert.False(waiting.IsCompleted); // nor did the send
        var received = Receive(104).AsSpan();
        for (var expected = 1UL; expected <= 2; expected++)
        {
            Assert.Equal(FrameStatus.Complete, FrameCodec.TryRead(received, FrameCodec.DefaultMaxFrame, out var header));
            Assert.True(FrameCodec.TryReadBody<PublicTrade>(received, header, out var trade));
            Assert.Equal(expected, trade.InstrumentSequence);
            received = received[header.FrameLength..];
        }

        Assert.True(ring.TryWrite(Trade(3))); // an ordinary write still finds the sender waiting
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(52, ring.Drain(new byte[100]));
    }

    [Fact]
    public void A_running_sender_is_left_the_bytes()
    {
        var ring = new OutboundFrames(64 * 1024); // nobody waits: the sender is busy draining
        Assert.True(ring.TryWrite(Trade(1), wake: false));
        Assert.False(ring.SendNowOrWake(_server, new byte[64 * 1024]));
        Assert.Equal(52, ring.Pending);
        Assert.Equal(52, ring.Drain(new byte[100]));
    }

    [Fact]
    public async Task A_peer_that_does_not_read_never_blocks_the_publisher_and_the_sender_is_woken_for_the_rest()
    {
        var ring = new OutboundFrames(8 * 1024 * 1024);
        var waiting = ring.WaitToReadAsync().AsTask();
        var written = 0;
        for (var i = 1UL; i <= 40_000; i++) // about 2 MB: far more than both socket buffers hold
        {
            Assert.True(ring.TryWrite(Trade(i), wake: false));
            written += 52;
        }

        var send = Task.Run(() => ring.SendNowOrWake(_server, new byte[64 * 1024]));
        Assert.False(await send.WaitAsync(TimeSpan.FromSeconds(30))); // returns (does not block) and says it did not send it all
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30))); // the sender carries on with the rest
        Assert.InRange(ring.Pending, 1, written - 1);
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }
}
