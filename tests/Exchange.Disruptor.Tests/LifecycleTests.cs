using Exchange.Disruptor.Dsl;
using Exchange.Disruptor.Processing;

namespace Exchange.Disruptor.Tests;

public sealed class LifecycleTests
{
    private static void Publish(RingBuffer<Slot> ring, long from, long count)
    {
        for (var i = from; i < from + count; i++)
        {
            var s = ring.Next();
            ring[s].Set(i);
            ring.Publish(s);
        }
    }

    [Fact]
    public void Shutdown_drains_everything_published_before_it()
    {
        var record = new Record();
        var disruptor = new Disruptor<Slot>(1024, ProducerType.Single, new BlockingWaitStrategy(), () => new Slot());
        disruptor.HandleEventsWith(new CheckingHandler(record));
        var ring = disruptor.Start();
        Publish(ring, 0, 1000);
        Assert.True(disruptor.Shutdown(TimeSpan.FromSeconds(30)));
        Assert.Equal(1000, record.Count);
        Assert.False(disruptor.Processors[0].IsRunning);
    }

    [Fact]
    public void Halt_stops_consumers_and_later_events_are_not_processed()
    {
        var record = new Record();
        var disruptor = new Disruptor<Slot>(64, ProducerType.Single, new BlockingWaitStrategy(), () => new Slot());
        disruptor.HandleEventsWith(new CheckingHandler(record));
        var ring = disruptor.Start();
        Publish(ring, 0, 10);
        SpinWait.SpinUntil(() => disruptor.Processors[0].Sequence.Value == 9, 10_000);
        disruptor.Halt();
        Assert.False(disruptor.Processors[0].IsRunning);
        Publish(ring, 10, 10);
        Thread.Sleep(50);
        Assert.Equal(10, record.Count);
        Assert.Equal(1, record.ShutDown);
    }

    [Fact]
    public void Halt_policy_stops_before_the_batch_with_the_failing_event_and_records_the_fault()
    {
        var record = new Record();
        var reported = new List<long>();
        var disruptor = new Disruptor<Slot>(64, ProducerType.Single, new YieldingWaitStrategy(), () => new Slot(),
            ExceptionPolicy.Halt, (_, sequence) => reported.Add(sequence));
        disruptor.HandleEventsWith(new CheckingHandler(record, failAt: 6));
        var ring = disruptor.Start();
        Publish(ring, 0, 5);
        var processor = disruptor.Processors[0];
        Assert.True(SpinWait.SpinUntil(() => processor.Sequence.Value == 4, 10_000));

        // Events 5..9 arrive as one batch; the handler finishes 5 and fails on 6. A handler may act per
        // batch (the journaller commits at its end), so the processor's sequence stays before the batch.
        var high = ring.Next(5);
        for (var s = high - 4; s <= high; s++)
        {
            ring[s].Set(s);
        }

        ring.Publish(high - 4, high);
        Assert.True(SpinWait.SpinUntil(() => processor.Fault is not null && !processor.IsRunning, 10_000));
        Assert.IsType<InvalidOperationException>(processor.Fault);
        Assert.Equal(4, processor.Sequence.Value);
        Assert.Equal([6L], reported);
        Assert.Equal(6, record.Count);
        disruptor.Halt();
    }

    [Fact]
    public void Log_and_continue_policy_skips_the_failing_event()
    {
        var record = new Record();
        var reported = new List<long>();
        var disruptor = new Disruptor<Slot>(64, ProducerType.Single, new YieldingWaitStrategy(), () => new Slot(),
            ExceptionPolicy.LogAndContinue, (_, sequence) => reported.Add(sequence));
        disruptor.HandleEventsWith(new CheckingHandler(record, failAt: 5));
        var ring = disruptor.Start();
        Publish(ring, 0, 10);
        Assert.True(disruptor.Shutdown(TimeSpan.FromSeconds(30)));
        Assert.Equal([5L], reported);
        Assert.Equal(9, record.Count);
        Assert.Equal(9, disruptor.Processors[0].Sequence.Value);
    }

    [Fact]
    public void Timeout_strategy_calls_on_timeout_while_idle()
    {
        var record = new Record();
        var disruptor = new Disruptor<Slot>(8, ProducerType.Single, new TimeoutBlockingWaitStrategy(TimeSpan.FromMilliseconds(5)), () => new Slot());
        disruptor.HandleEventsWith(new CheckingHandler(record));
        disruptor.Start();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref record.Timeouts) >= 3, 10_000));
        disruptor.Halt();
    }

    [Fact]
    public void Wiring_after_start_and_starting_twice_are_refused()
    {
        var disruptor = new Disruptor<Slot>(8, ProducerType.Single, new BlockingWaitStrategy(), () => new Slot());
        disruptor.HandleEventsWith(new CheckingHandler(new Record()));
        disruptor.Start();
        Assert.Throws<InvalidOperationException>(() => disruptor.Start());
        Assert.Throws<InvalidOperationException>(() => disruptor.HandleEventsWith(new CheckingHandler(new Record())));
        disruptor.Halt();
    }
}
