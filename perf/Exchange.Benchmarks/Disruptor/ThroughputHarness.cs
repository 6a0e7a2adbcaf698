using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Exchange.Disruptor;
using Exchange.Disruptor.Dsl;

namespace Exchange.Benchmarks.Disruptor;

/// <summary>
/// Plain throughput harness for hand-off topologies (BenchmarkDotNet's per-operation model fits
/// poorly when the work spans threads). Each scenario moves a fixed number of events several times;
/// the median run is reported, with the BCL baselines measured in the same process and the ratios.
/// Run: <c>dotnet run -c Release --project perf/Exchange.Benchmarks -- disruptor-throughput</c>.
/// </summary>
internal static class ThroughputHarness
{
    private const int RingSize = 1 << 16;

    public static void Run(long events, int runs)
    {
        Console.WriteLine($"Hand-off throughput: {events:N0} events per run, median of {runs} runs, {Environment.ProcessorCount} cores");
        var results = new List<(string Group, string Name, double MopsPerSecond)>();
        void Measure(string group, string name, Func<long, TimeSpan> scenario)
        {
            scenario(events / 8); // warm-up: JIT and thread start
            var samples = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                samples.Add(events / scenario(events).TotalSeconds / 1e6);
            }

            samples.Sort();
            var median = samples[samples.Count / 2];
            results.Add((group, name, median));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group,-24} {name,-40} {median,10:F1} M events/s"));
        }

        Measure("1P→1C", "Channel<T> (bounded 64k SPSC)", ChannelOneToOne);
        Measure("1P→1C", "ConcurrentQueue<T> (bounded 64k)", QueueOneToOne);
        Measure("1P→1C", "BlockingCollection<T> (bounded 64k)", BlockingOneToOne);
        Measure("1P→1C", "Disruptor yielding", n => DisruptorOneToOne(n, new YieldingWaitStrategy(), 1));
        Measure("1P→1C", "Disruptor busy-spin", n => DisruptorOneToOne(n, new BusySpinWaitStrategy(), 1));
        Measure("1P→1C", "Disruptor yielding, batches of 64", n => DisruptorOneToOne(n, new YieldingWaitStrategy(), 64));
        Measure("1P→1C", "Disruptor busy-spin, batches of 64", n => DisruptorOneToOne(n, new BusySpinWaitStrategy(), 64));
        Measure("1P→1C", "Disruptor yielding, batches of 256", n => DisruptorOneToOne(n, new YieldingWaitStrategy(), 256));
        Measure("2P→1C", "Channel<T> (bounded 64k, 2 writers)", ChannelTwoToOne);
        Measure("2P→1C", "ConcurrentQueue<T> (bounded 64k)", QueueTwoToOne);
        Measure("2P→1C", "Disruptor multi-producer yielding", n => DisruptorTwoToOne(n, 1));
        Measure("2P→1C", "Disruptor multi-producer, batches of 64", n => DisruptorTwoToOne(n, 64));
        Measure("1P→A→B→C", "Disruptor pipeline yielding, batches of 64", n => DisruptorTopology(n, diamond: false));
        Measure("1P→(A‖B)→C", "Disruptor diamond yielding, batches of 64", n => DisruptorTopology(n, diamond: true));

        Console.WriteLine();
        Console.WriteLine("Ratios (higher = faster than the baseline):");
        foreach (var group in new[] { "1P→1C", "2P→1C" })
        {
            var channel = results.Find(r => r.Group == group && r.Name.StartsWith("Channel", StringComparison.Ordinal)).MopsPerSecond;
            var queue = results.Find(r => r.Group == group && r.Name.StartsWith("ConcurrentQueue", StringComparison.Ordinal)).MopsPerSecond;
            foreach (var r in results.Where(r => r.Group == group && r.Name.StartsWith("Disruptor", StringComparison.Ordinal)))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {group,-8} {r.Name,-42} {r.MopsPerSecond / channel,6:F1}× Channel  {r.MopsPerSecond / queue,6:F1}× ConcurrentQueue"));
            }
        }
    }

    private static TimeSpan ChannelOneToOne(long n)
    {
        var channel = Channel.CreateBounded<long>(new BoundedChannelOptions(RingSize) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
        var consumed = new Sequence(0);
        var consumer = QueueConsumers.StartChannel(channel.Reader, consumed);
        var watch = Stopwatch.StartNew();
        for (long i = 0; i < n; i++)
        {
            QueueConsumers.Write(channel.Writer, i);
        }

        QueueConsumers.WaitFor(consumed, n);
        watch.Stop();
        channel.Writer.Complete();
        consumer.Join();
        return watch.Elapsed;
    }

    private static TimeSpan ChannelTwoToOne(long n)
    {
        var channel = Channel.CreateBounded<long>(new BoundedChannelOptions(RingSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        var consumed = new Sequence(0);
        var consumer = QueueConsumers.StartChannel(channel.Reader, consumed);
        var elapsed = TwoProducers(n, half => { for (long i = 0; i < half; i++) { QueueConsumers.Write(channel.Writer, i); } }, consumed);
        channel.Writer.Complete();
        consumer.Join();
        return elapsed;
    }

    private static TimeSpan QueueOneToOne(long n)
    {
        var queue = new ConcurrentQueue<long>();
        var consumed = new Sequence(0);
        using var stop = new CancellationTokenSource();
        var consumer = QueueConsumers.StartConcurrentQueue(queue, consumed, stop.Token);
        var watch = Stopwatch.StartNew();
        for (long i = 0; i < n; i++)
        {
            QueueConsumers.Bounded(i, consumed, RingSize);
            queue.Enqueue(i);
        }

        QueueConsumers.WaitFor(consumed, n);
        watch.Stop();
        stop.Cancel();
        consumer.Join();
        return watch.Elapsed;
    }

    private static TimeSpan QueueTwoToOne(long n)
    {
        var queue = new ConcurrentQueue<long>();
        var consumed = new Sequence(0);
        using var stop = new CancellationTokenSource();
        var consumer = QueueConsumers.StartConcurrentQueue(queue, consumed, stop.Token);
        long produced = 0;
        var elapsed = TwoProducers(n, half =>
        {
            for (long i = 0; i < half; i++)
            {
                QueueConsumers.Bounded(Interlocked.Increment(ref produced) - 1, consumed, RingSize); // the claim a multi-producer ring makes
                queue.Enqueue(i);
            }
        }, consumed);
        stop.Cancel();
        consumer.Join();
        return elapsed;
    }

    private static TimeSpan BlockingOneToOne(long n)
    {
        using var collection = new BlockingCollection<long>(RingSize);
        var consumed = new Sequence(0);
        var consumer = QueueConsumers.StartBlockingCollection(collection, consumed);
        var watch = Stopwatch.StartNew();
        for (long i = 0; i < n; i++)
        {
            collection.Add(i);
        }

        QueueConsumers.WaitFor(consumed, n);
        watch.Stop();
        collection.CompleteAdding();
        consumer.Join();
        return watch.Elapsed;
    }

    private static TimeSpan DisruptorOneToOne(long n, IWaitStrategy waitStrategy, int batch)
    {
        var disruptor = new Disruptor<LongSlot>(RingSize, ProducerType.Single, waitStrategy);
        disruptor.HandleEventsWith(new SummingHandler());
        var ring = disruptor.Start();
        var watch = Stopwatch.StartNew();
        PublishAll(ring, n, batch);
        WaitUntilProcessed(disruptor, n - 1);
        watch.Stop();
        disruptor.Halt();
        return watch.Elapsed;
    }

    private static TimeSpan DisruptorTwoToOne(long n, int batch)
    {
        var disruptor = new Disruptor<LongSlot>(RingSize, ProducerType.Multi, new YieldingWaitStrategy());
        disruptor.HandleEventsWith(new SummingHandler());
        var ring = disruptor.Start();
        var watch = Stopwatch.StartNew();
        var producers = new Thread[2];
        for (var p = 0; p < 2; p++)
        {
            producers[p] = new Thread(() => PublishAll(ring, n / 2, batch));
            producers[p].Start();
        }

        foreach (var t in producers)
        {
            t.Join();
        }

        WaitUntilProcessed(disruptor, ((n / 2) * 2) - 1);
        watch.Stop();
        disruptor.Halt();
        return watch.Elapsed;
    }

    private static TimeSpan DisruptorTopology(long n, bool diamond)
    {
        var disruptor = new Disruptor<LongSlot>(RingSize, ProducerType.Single, new YieldingWaitStrategy());
        if (diamond)
        {
            disruptor.HandleEventsWith(new SummingHandler(), new SummingHandler()).Then(new SummingHandler());
        }
        else
        {
            disruptor.HandleEventsWith(new SummingHandler()).Then(new SummingHandler()).Then(new SummingHandler());
        }

        var ring = disruptor.Start();
        var watch = Stopwatch.StartNew();
        PublishAll(ring, n, 64);
        WaitUntilProcessed(disruptor, n - 1);
        watch.Stop();
        disruptor.Halt();
        return watch.Elapsed;
    }

    private static TimeSpan TwoProducers(long n, Action<long> produce, Sequence consumed)
    {
        var watch = Stopwatch.StartNew();
        var producers = new Thread[2];
        for (var p = 0; p < 2; p++)
        {
            producers[p] = new Thread(() => produce(n / 2));
            producers[p].Start();
        }

        foreach (var t in producers)
        {
            t.Join();
        }

        QueueConsumers.WaitFor(consumed, (n / 2) * 2);
        watch.Stop();
        return watch.Elapsed;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void PublishAll(RingBuffer<LongSlot> ring, long n, int batch)
    {
        if (batch == 1)
        {
            for (long i = 0; i < n; i++)
            {
                var s = ring.Next();
                ring[s].Value = i;
                ring.Publish(s);
            }

            return;
        }

        for (long i = 0; i < n; i += batch)
        {
            var size = (int)Math.Min(batch, n - i);
            var high = ring.Next(size);
            var low = high - size + 1;
            for (var s = low; s <= high; s++)
            {
                ring[s].Value = s;
            }

            ring.Publish(low, high);
        }
    }

    private static void WaitUntilProcessed(Disruptor<LongSlot> disruptor, long last)
    {
        var spin = default(SpinWait);
        foreach (var processor in disruptor.Processors)
        {
            while (processor.Sequence.Value < last)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
    }
}
