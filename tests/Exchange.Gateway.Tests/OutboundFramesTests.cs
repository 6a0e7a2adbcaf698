using Exchange.Gateway.Sessions;
using Exchange.Protocol.Framing;
using Exchange.Protocol.MarketData;

namespace Exchange.Gateway.Tests;

public sealed class OutboundFramesTests
{
    private static List<ulong> Sequences(byte[] bytes, int count)
    {
        var sequences = new List<ulong>();
        var span = bytes.AsSpan(0, count);
        while (FrameCodec.TryRead(span, FrameCodec.DefaultMaxFrame, out var header) == FrameStatus.Complete)
        {
            Assert.True(FrameCodec.TryReadBody<PublicTrade>(span, header, out var trade));
            sequences.Add(trade.InstrumentSequence);
            span = span[header.FrameLength..];
        }

        Assert.Equal(0, span.Length);
        return sequences;
    }

    private static PublicTrade Trade(ulong sequence) => new(sequence, 1, 1, 0, 0, sequence, 100, 1, 0);

    [Fact]
    public void Frames_come_out_in_order_across_wraps_and_growth()
    {
        var ring = new OutboundFrames(64 * 1024);
        var drained = new byte[100_000];
        var expected = 1UL;
        var written = 1UL;
        for (var round = 0; round < 50; round++)
        {
            // Uneven bursts so the head and tail wrap at every offset; the ring grows as bursts get larger.
            for (var i = 0; i < 37 + (round * 23); i++)
            {
                Assert.True(ring.TryWrite(Trade(written++)));
            }

            var count = ring.Drain(drained.AsSpan(0, 52 * 40));
            count += ring.Drain(drained.AsSpan(count));
            foreach (var s in Sequences(drained, count))
            {
                Assert.Equal(expected++, s);
            }
        }

        Assert.Equal(written, expected);
        Assert.Equal(0, ring.Pending);
    }

    [Fact]
    public void A_full_ring_refuses_the_write_and_keeps_what_it_holds()
    {
        var ring = new OutboundFrames(1024);
        var accepted = 0UL;
        while (ring.TryWrite(Trade(accepted + 1)))
        {
            accepted++;
        }

        Assert.Equal(1024UL / 52, accepted);
        var drained = new byte[2048];
        var count = ring.Drain(drained);
        Assert.Equal(Enumerable.Range(1, (int)accepted).Select(i => (ulong)i), Sequences(drained, count));
    }

    [Fact]
    public async Task The_consumer_wakes_for_data_and_sees_the_end_after_completion()
    {
        var ring = new OutboundFrames(4096);
        var waiting = ring.WaitToReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        ring.TryWrite(Trade(1));
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(52, ring.Drain(new byte[100]));

        var end = ring.WaitToReadAsync().AsTask();
        ring.Complete();
        Assert.False(await end.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(ring.TryWrite(Trade(2)));
    }

    [Fact]
    public async Task Concurrent_producers_lose_and_tear_no_frame()
    {
        const int perProducer = 200_000;
        var ring = new OutboundFrames(256 * 1024);
        var seen = new ulong[3];
        var consumer = Task.Run(async () =>
        {
            var buffer = new byte[8192];
            var pending = new List<byte>();
            var total = 0;
            while (total < 2 * perProducer && await ring.WaitToReadAsync())
            {
                var count = ring.Drain(buffer);
                pending.AddRange(buffer.AsSpan(0, count));
                var span = pending.ToArray().AsSpan();
                var used = 0;
                while (FrameCodec.TryRead(span[used..], FrameCodec.DefaultMaxFrame, out var header) == FrameStatus.Complete)
                {
                    Assert.True(FrameCodec.TryReadBody<PublicTrade>(span[used..], header, out var trade));

                    // Each producer's frames stay in its own order.
                    Assert.Equal(seen[trade.Instrument] + 1, trade.InstrumentSequence);
                    seen[trade.Instrument] = trade.InstrumentSequence;
                    used += header.FrameLength;
                    total++;
                }

                pending.RemoveRange(0, used);
            }
        });

        var producers = Enumerable.Range(1, 2).Select(p => Task.Run(() =>
        {
            for (var i = 1UL; i <= perProducer; i++)
            {
                while (!ring.TryWrite(new PublicTrade(i, (uint)p, 1, 0, 0, i, 100, 1, 0)))
                {
                    Thread.SpinWait(10); // full: wait for the consumer (a session would be cut off here)
                }
            }
        })).ToArray();

        await Task.WhenAll(producers).WaitAsync(TimeSpan.FromMinutes(2));
        await consumer.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal((ulong)perProducer, seen[1]);
        Assert.Equal((ulong)perProducer, seen[2]);
    }
}
