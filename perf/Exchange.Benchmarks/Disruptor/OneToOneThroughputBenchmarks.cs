using System.Collections.Concurrent;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Exchange.Disruptor;
using Exchange.Disruptor.Dsl;

namespace Exchange.Benchmarks.Disruptor;

/// <summary>
/// One producer thread → one consumer thread, 4 M events per iteration, against the BCL queues in
/// the same run. Channel&lt;T&gt; is the baseline, so the Ratio column reads "times slower than Channel"
/// (below 1 = faster). Results are per event.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("Disruptor")]
public class OneToOneThroughputBenchmarks
{
    public const int Events = 1 << 22;
    private const int RingSize = 1 << 16;
    private const int Batch = 64;

    private readonly Sequence _consumed = new(0);
    private CancellationTokenSource _stop = null!;
    private Thread? _consumer;
    private ConcurrentQueue<long> _queue = null!;
    private Channel<long> _channel = null!;
    private BlockingCollection<long> _collection = null!;
    private Disruptor<LongSlot> _disruptor = null!;
    private RingBuffer<LongSlot> _ring = null!;
    private long _published;

    [GlobalSetup(Target = nameof(Channel))]
    public void SetupChannel()
    {
        _channel = System.Threading.Channels.Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        _consumer = QueueConsumers.StartChannel(_channel.Reader, _consumed);
    }

    [GlobalSetup(Target = nameof(ConcurrentQueue))]
    public void SetupConcurrentQueue()
    {
        _stop = new CancellationTokenSource();
        _queue = new ConcurrentQueue<long>();
        _consumer = QueueConsumers.StartConcurrentQueue(_queue, _consumed, _stop.Token);
    }

    [GlobalSetup(Target = nameof(BlockingCollection))]
    public void SetupBlockingCollection()
    {
        _collection = new BlockingCollection<long>(RingSize);
        _consumer = QueueConsumers.StartBlockingCollection(_collection, _consumed);
    }

    [GlobalSetup(Targets = [nameof(DisruptorYielding), nameof(DisruptorYieldingBatched)])]
    public void SetupYielding() => SetupDisruptor(new YieldingWaitStrategy());

    [GlobalSetup(Target = nameof(DisruptorBusySpin))]
    public void SetupBusySpin() => SetupDisruptor(new BusySpinWaitStrategy());

    [GlobalCleanup]
    public void Cleanup()
    {
        _channel?.Writer.TryComplete();
        _collection?.CompleteAdding();
        _stop?.Cancel();
        _consumer?.Join();
        _disruptor?.Halt();
        _collection?.Dispose();
        _stop?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "Channel<T> (unbounded, SPSC)")]
    [InvocationCount(1)]
    public void Channel()
    {
        var writer = _channel.Writer;
        var start = _published;
        for (long i = 0; i < Events; i++)
        {
            writer.TryWrite(i);
        }

        _published = start + Events;
        QueueConsumers.WaitFor(_consumed, _published);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "ConcurrentQueue<T>")]
    [InvocationCount(1)]
    public void ConcurrentQueue()
    {
        for (long i = 0; i < Events; i++)
        {
            _queue.Enqueue(i);
        }

        _published += Events;
        QueueConsumers.WaitFor(_consumed, _published);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "BlockingCollection<T> (bounded 64k)")]
    [InvocationCount(1)]
    public void BlockingCollection()
    {
        for (long i = 0; i < Events; i++)
        {
            _collection.Add(i);
        }

        _published += Events;
        QueueConsumers.WaitFor(_consumed, _published);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Disruptor, yielding")]
    [InvocationCount(1)]
    public void DisruptorYielding() => PublishOneByOne();

    [Benchmark(OperationsPerInvoke = Events, Description = "Disruptor, busy-spin")]
    [InvocationCount(1)]
    public void DisruptorBusySpin() => PublishOneByOne();

    [Benchmark(OperationsPerInvoke = Events, Description = "Disruptor, yielding, batches of 64")]
    [InvocationCount(1)]
    public void DisruptorYieldingBatched()
    {
        var ring = _ring;
        for (long i = 0; i < Events; i += Batch)
        {
            var high = ring.Next(Batch);
            for (var s = high - Batch + 1; s <= high; s++)
            {
                ring[s].Value = s;
            }

            ring.Publish(high - Batch + 1, high);
        }

        WaitForDisruptor();
    }

    private void PublishOneByOne()
    {
        var ring = _ring;
        for (long i = 0; i < Events; i++)
        {
            var s = ring.Next();
            ring[s].Value = i;
            ring.Publish(s);
        }

        WaitForDisruptor();
    }

    private void WaitForDisruptor()
    {
        var last = _ring.Cursor.Value;
        var consumer = _disruptor.Processors[0].Sequence;
        var spin = default(SpinWait);
        while (consumer.Value < last)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    private void SetupDisruptor(IWaitStrategy waitStrategy)
    {
        _disruptor = new Disruptor<LongSlot>(RingSize, ProducerType.Single, waitStrategy);
        _disruptor.HandleEventsWith(new SummingHandler());
        _ring = _disruptor.Start();
    }
}
