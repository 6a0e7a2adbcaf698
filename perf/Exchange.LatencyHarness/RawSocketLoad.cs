using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using Exchange.Protocol.Framing;
using Exchange.Protocol.OrderEntry;
using Exchange.Protocol.Session;
using HdrHistogram;

namespace Exchange.LatencyHarness;

/// <summary>
/// The floor for the SDK: the same open-loop load as <see cref="TcpLoad"/>, but from a hand-written
/// client — blocking sockets, one receive thread per connection, frames parsed in place from one
/// buffer, no channel, no tasks — so the SDK's cost is what it adds over this, in the same run.
/// </summary>
internal static class RawSocketLoad
{
    public static LatencyRun Run(string name, string description, int port, HarnessSettings settings, double rate, RunProgress progress)
    {
        var total = settings.TotalMessages(rate);
        var warmup = settings.WarmupMessages(rate);
        var planned = new long[total + 1];
        var sockets = new Socket[settings.Connections];
        for (var i = 0; i < sockets.Length; i++)
        {
            sockets[i] = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            sockets[i].Connect("127.0.0.1", port);
            var account = settings.FirstAccount + i;
            sockets[i].Send(FrameCodec.ToArray(new Login((ulong)account, 3, 0, 0, ulong.MaxValue, ExchangeUnderTest.SecretOf(settings, account))));
            var accepted = new byte[FrameHeader.Size + LoginAccepted.BodySize];
            for (var read = 0; read < accepted.Length;)
            {
                var n = sockets[i].Receive(accepted.AsSpan(read)); // LoginAccepted (the echo server sends nothing else first)
                read += n > 0 ? n : throw new IOException("the echo server closed during login");
            }
        }

        var run = new LatencyRun(name, description, rate);
        var histograms = new LongHistogram[sockets.Length];
        long answered = 0;
        var receivers = new Thread[sockets.Length];
        for (var i = 0; i < sockets.Length; i++)
        {
            var socket = sockets[i];
            var histogram = histograms[i] = LatencyRun.NewHistogram();
            receivers[i] = new Thread(() =>
            {
                var buffer = new byte[64 * 1024];
                var filled = 0;
                try
                {
                    while (Interlocked.Read(ref answered) < total)
                    {
                        var n = socket.Receive(buffer.AsSpan(filled));
                        if (n == 0)
                        {
                            return;
                        }

                        var now = Stopwatch.GetTimestamp();
                        filled += n;
                        var offset = 0;
                        while (filled - offset >= FrameHeader.Size)
                        {
                            var length = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(offset));
                            if (filled - offset < length + 2)
                            {
                                break;
                            }

                            if ((MessageType)buffer[offset + 2] == MessageType.OrderAccepted)
                            {
                                var id = (long)BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(offset + FrameHeader.Size + 32));
                                if (id > warmup && id <= total)
                                {
                                    histogram.RecordValue(OpenLoopClock.ToNanoseconds(now - planned[id]));
                                }

                                Interlocked.Increment(ref answered);
                                progress.OnAnswered();
                            }

                            offset += length + 2;
                        }

                        buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                        filled -= offset;
                    }
                }
                catch (SocketException)
                {
                }
            }) { IsBackground = true, Name = "raw receive " + i };
            receivers[i].Start();
        }

        var clock = new OpenLoopClock(rate);
        var flow = new OrderFlow(settings.Seed, settings.Instrument, settings.MidPrice);
        var frame = new byte[FrameHeader.Size + NewOrder.BodySize];
        run.StartGcCount();
        var watch = Stopwatch.StartNew();
        var allocatedBefore = clock.SendAll(flow, planned, warmup, (i, order) =>
        {
            FrameCodec.Write(frame, order);
            sockets[i % sockets.Length].Send(frame);
        });

        var sendSeconds = watch.Elapsed.TotalSeconds;
        foreach (var receiver in receivers)
        {
            receiver.Join(TimeSpan.FromSeconds(10));
        }

        run.AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        run.StopGcCount();
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        foreach (var histogram in histograms)
        {
            run.Latency.Add(histogram);
        }

        run.Sent = total;
        run.MeasuredMessages = total - warmup;
        run.Answered = Interlocked.Read(ref answered);
        run.AchievedRate = total / sendSeconds;
        return run;
    }
}
