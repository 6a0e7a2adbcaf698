using System.Runtime.InteropServices;
using Exchange.Disruptor.Sequencing;

namespace Exchange.Disruptor.Tests;

public sealed class SequencerTests
{
    public static TheoryData<string> Kinds => ["single", "multi"];

    private static Sequencer Create(string kind, int size) => kind == "single"
        ? new SingleProducerSequencer(size, new BusySpinWaitStrategy())
        : new MultiProducerSequencer(size, new BusySpinWaitStrategy());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TryNext_on_a_full_ring_fails_without_blocking(string kind)
    {
        var sequencer = Create(kind, 4);
        var stuckConsumer = new Sequence();
        sequencer.AddGatingSequences(stuckConsumer);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(sequencer.TryNext(out var s));
            sequencer.Publish(s);
        }

        Assert.Equal(0, sequencer.RemainingCapacity());
        Assert.False(sequencer.TryNext(out _));
        Assert.False(sequencer.TryNext(2, out _));

        stuckConsumer.SetValue(1); // two slots consumed
        Assert.Equal(2, sequencer.RemainingCapacity());
        Assert.True(sequencer.TryNext(2, out var high));
        Assert.Equal(5, high);
        Assert.False(sequencer.TryNext(out _));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Next_waits_for_the_slowest_consumer(string kind)
    {
        var sequencer = Create(kind, 4);
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        for (var i = 0; i < 4; i++)
        {
            sequencer.Publish(sequencer.Next());
        }

        var claimed = -1L;
        var producer = new Thread(() => Volatile.Write(ref claimed, sequencer.Next()));
        producer.Start();
        Assert.False(producer.Join(200));
        Assert.Equal(-1, Volatile.Read(ref claimed));
        consumer.SetValue(0);
        Assert.True(producer.Join(10_000));
        Assert.Equal(4, claimed);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Claim_sizes_are_checked(string kind)
    {
        var sequencer = Create(kind, 8);
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.Next(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.Next(9));
        Assert.Throws<ArgumentOutOfRangeException>(() => sequencer.TryNext(9, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Buffer_size_must_be_a_power_of_two(int size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SingleProducerSequencer(size, new BusySpinWaitStrategy()));

    [Fact]
    public void Multi_producer_consumers_never_see_a_claimed_but_unpublished_slot()
    {
        var sequencer = new MultiProducerSequencer(8, new BusySpinWaitStrategy());
        var first = sequencer.Next();
        var second = sequencer.Next();
        sequencer.Publish(second);
        Assert.False(sequencer.IsAvailable(first));
        Assert.True(sequencer.IsAvailable(second));
        Assert.Equal(first - 1, sequencer.GetHighestPublishedSequence(first, second));
        sequencer.Publish(first);
        Assert.Equal(second, sequencer.GetHighestPublishedSequence(first, second));
        Assert.Equal(second, sequencer.NewBarrier().WaitFor(first));
    }

    [Fact]
    public void Sequence_value_is_padded_on_both_sides()
    {
        Assert.Equal(Padding.Bytes, (int)Marshal.OffsetOf<Sequence>("_value"));
        Assert.True(Marshal.SizeOf<Sequence>() >= (Padding.Bytes * 2) + sizeof(long));
        var state = typeof(SingleProducerSequencer).GetNestedType("ProducerState", System.Reflection.BindingFlags.NonPublic)!;
        Assert.Equal(Padding.Bytes, (int)Marshal.OffsetOf(state, "NextValue"));
        Assert.Equal((Padding.Bytes * 2) + (2 * sizeof(long)), Marshal.SizeOf(state));
    }

    [Fact]
    public void Sequence_atomic_operations()
    {
        var sequence = new Sequence();
        Assert.Equal(-1, sequence.Value);
        Assert.Equal(0, sequence.IncrementAndGet());
        Assert.Equal(10, sequence.AddAndGet(10));
        Assert.True(sequence.CompareAndSet(10, 20));
        Assert.False(sequence.CompareAndSet(10, 30));
        sequence.SetValueVolatile(7);
        Assert.Equal(7, sequence.Value);
        Assert.Equal(3, Sequence.Min([new Sequence(5), new Sequence(3), sequence]));
    }

    [Fact]
    public void Reference_slots_need_a_factory() =>
        Assert.Throws<ArgumentException>(() => RingBuffer.CreateSingleProducer<Slot>(4, new BusySpinWaitStrategy()));
}
