using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Exchange.Disruptor;
using Exchange.Disruptor.Dsl;
using Exchange.Disruptor.Processing;
using HdrHistogram;

namespace Exchange.Benchmarks.Disruptor;

/// <summary>
/// Round-trip latency of one event through two rings (ping → echo thread → pong), recorded in an
/// HdrHistogram, next to the same round trip through two ConcurrentQueues with spinning threads,
/// measured in the same run. Run: <c>-- disruptor-latency</c>.
/// </summary>
internal static class PingPongLatency
{
    private const int RingSize = 1024;

    public static void Run(int roundTrips)
    {
        Console.WriteLine($"Ping-pong round trip, {roundTrips:N0} round trips after {roundTrips / 10:N0} warm-up, busy-spin on both sides");
        var disruptor = Measure(roundTrips, DisruptorRoundTrips);
        var queue = Measure(roundTrips, QueueRoundTrips);
        Console.WriteLine("  percentile      Disruptor (ns)   ConcurrentQueue (ns)   ratio");
        foreach (var p in new[] { 50.0, 90.0, 99.0, 99.9, 99.99, 100.0 })
        {
            var d = disruptor.GetValueAtPercentile(p);
            var q = queue.GetValueAtPercentile(p);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  p{p,-8}      {d,14:N0}   {q,20:N0}   {(double)d / q,5:F2}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  mean            {disruptor.GetMean(),14:N0}   {queue.GetMean(),20:N0}"));
    }

    private static LongHistogram Measure(int roundTrips, Action<int, LongHistogram> scenario)
    {
        scenario(roundTrips / 10, new LongHistogram(10_000_000_000L, 3));
        var histogram = new LongHistogram(10_000_000_000L, 3);
        scenario(roundTrips, histogram);
        return histogram;
    }

    private static long ElapsedNanoseconds(long start) => (long)((Stopwatch.GetTimestamp() - start) * (1e9 / Stopwatch.Frequency));

    private static void DisruptorRoundTrips(int count, LongHistogram histogram)
    {
        var pong = RingBuffer.CreateSingleProducer<LongSlot>(RingSize, new BusySpinWaitStrategy());
        var pongReader = new Sequence();
        pong.AddGatingSequences(pongReader);
        var ping = new Disruptor<LongSlot>(RingSize, ProducerType.Single, new BusySpinWaitStrategy());
        ping.HandleEventsWith(new EchoHandler(pong));
        var pingRing = ping.Start();

        for (long i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var s = pingRing.Next();
            pingRing[s].Value = i;
            pingRing.Publish(s);
            while (pong.Cursor.Value < i)
            {
                Thread.SpinWait(1);
            }

            pongReader.SetValue(i);
            histogram.RecordValue(ElapsedNanoseconds(start));
        }

        ping.Halt();
    }

    private static void QueueRoundTrips(int count, LongHistogram histogram)
    {
        var pingQueue = new ConcurrentQueue<long>();
        var pongQueue = new ConcurrentQueue<long>();
        using var stop = new CancellationTokenSource();
        var echo = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (pingQueue.TryDequeue(out var value))
                {
                    pongQueue.Enqueue(value);
                }
                else
                {
                    Thread.SpinWait(1);
                }
            }
        }) { IsBackground = true };
        echo.Start();
        for (long i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            pingQueue.Enqueue(i);
            long reply;
            while (!pongQueue.TryDequeue(out reply))
            {
                Thread.SpinWait(1);
            }

            histogram.RecordValue(ElapsedNanoseconds(start));
        }

        stop.Cancel();
        echo.Join();
    }

    /// <summary>Publishes every event it receives to the pong ring.</summary>
    private readonly struct EchoHandler(RingBuffer<LongSlot> pong) : IEventHandler<LongSlot>
    {
        public void OnEvent(ref LongSlot data, long sequence, bool endOfBatch)
        {
            var s = pong.Next();
            pong[s].Value = data.Value;
            pong.Publish(s);
        }

        public void OnBatchStart(long batchSize)
        {
        }

        public void OnStart()
        {
        }

        public void OnShutdown()
        {
        }

        public void OnTimeout(long sequence)
        {
        }
    }
}
