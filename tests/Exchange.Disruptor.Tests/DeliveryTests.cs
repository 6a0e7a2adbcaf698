using Exchange.Disruptor.Dsl;

namespace Exchange.Disruptor.Tests;

public sealed class DeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static void Publish(RingBuffer<Slot> ring, long count, int producer = 0)
    {
        for (long i = 0; i < count; i++)
        {
            var sequence = ring.Next();
            ring[sequence].Set(i, producer);
            ring.Publish(sequence);
        }
    }

    [Theory]
    [MemberData(nameof(WaitStrategies.All), MemberType = typeof(WaitStrategies))]
    public void Every_event_is_seen_once_in_order_by_every_consumer_single_producer(string strategy)
    {
        var first = new Record();
        var second = new Record();
        var disruptor = new Disruptor<Slot>(8, ProducerType.Single, WaitStrategies.Create(strategy), () => new Slot());

        // Busy-spin needs a core per thread; this machine may have two, so it gets one consumer, the others two.
        var records = strategy == "busy-spin" ? new[] { first } : [first, second];
        if (records.Length == 1)
        {
            disruptor.HandleEventsWith(new CheckingHandler(first));
        }
        else
        {
            disruptor.HandleEventsWith(new CheckingHandler(first), new CheckingHandler(second));
        }

        var ring = disruptor.Start();

        const long count = 50_000;
        Publish(ring, count);
        Assert.True(disruptor.Shutdown(Patience));

        foreach (var record in records)
        {
            Assert.Null(record.Error);
            Assert.Equal(count, record.Count);
            Assert.Equal(1, record.Started);
            Assert.Equal(1, record.ShutDown);
        }
    }

    [Theory]
    [MemberData(nameof(WaitStrategies.All), MemberType = typeof(WaitStrategies))]
    public void Every_event_is_seen_once_in_order_with_several_producers(string strategy)
    {
        var record = new Record();
        var disruptor = new Disruptor<Slot>(16, ProducerType.Multi, WaitStrategies.Create(strategy), () => new Slot());
        disruptor.HandleEventsWith(new CheckingHandler(record));
        var ring = disruptor.Start();

        const int producers = 3;
        const long each = 20_000;
        var threads = Enumerable.Range(0, producers).Select(p => new Thread(() => Publish(ring, each, p))).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        Assert.True(disruptor.Shutdown(Patience));
        Assert.Null(record.Error);
        Assert.Equal(producers * each, record.Count);
        for (var p = 0; p < producers; p++)
        {
            Assert.Equal(each, record.PerProducerNext[p]);
        }
    }

    [Fact]
    public void Batched_publishing_delivers_every_slot()
    {
        var record = new Record();
        var disruptor = new Disruptor<Slot>(64, ProducerType.Single, new YieldingWaitStrategy(), () => new Slot());
        disruptor.HandleEventsWith(new CheckingHandler(record));
        var ring = disruptor.Start();
        long value = 0;
        for (var batch = 0; batch < 2_000; batch++)
        {
            var n = 1 + (batch % 16);
            var high = ring.Next(n);
            for (var s = high - n + 1; s <= high; s++)
            {
                ring[s].Set(value++);
            }

            ring.Publish(high - n + 1, high);
        }

        Assert.True(disruptor.Shutdown(Patience));
        Assert.Null(record.Error);
        Assert.Equal(value, record.Count);
        Assert.True(record.Batches < record.Count, "consumers should see batches of several events");
    }

    [Fact]
    public void Diamond_join_sees_a_slot_only_after_both_stages()
    {
        var a = new Record();
        var b = new Record();
        var c = new Record();
        var disruptor = new Disruptor<Slot>(8, ProducerType.Single, new YieldingWaitStrategy(), () => new Slot());
        disruptor.HandleEventsWith(new MarkingHandler(true, a), new MarkingHandler(false, b)).Then(new JoinHandler(c));
        var ring = disruptor.Start();
        Publish(ring, 30_000);
        Assert.True(disruptor.Shutdown(Patience));
        Assert.Null(c.Error);
        Assert.Equal(30_000, c.Count);
        Assert.Equal(30_000, a.Count);
        Assert.Equal(30_000, b.Count);
    }

    [Fact]
    public void Pipeline_stages_run_in_order()
    {
        var a = new Record();
        var b = new Record();
        var c = new Record();
        var disruptor = new Disruptor<Slot>(8, ProducerType.Single, new YieldingWaitStrategy(), () => new Slot());
        disruptor.HandleEventsWith(new MarkingHandler(true, a)).Then(new MarkingHandler(false, b)).Then(new JoinHandler(c));
        var ring = disruptor.Start();
        Publish(ring, 20_000);
        Assert.True(disruptor.Shutdown(Patience));
        Assert.Null(c.Error);
        Assert.Equal(20_000, c.Count);
    }

    [Fact]
    public void Struct_slots_are_written_and_read_through_ref()
    {
        var ring = RingBuffer.CreateSingleProducer<ValueSlot>(4, new BusySpinWaitStrategy());
        var consumer = new Sequence();
        ring.AddGatingSequences(consumer);
        var barrier = ring.NewBarrier();
        for (long i = 0; i < 100; i++)
        {
            var s = ring.Next();
            ref var slot = ref ring[s];
            slot.Value = i;
            slot.Check = ~i;
            ring.Publish(s);

            Assert.Equal(s, barrier.WaitFor(s));
            Assert.Equal(i, ring[s].Value);
            Assert.Equal(~i, ring[s].Check);
            consumer.SetValue(s);
        }
    }
}
