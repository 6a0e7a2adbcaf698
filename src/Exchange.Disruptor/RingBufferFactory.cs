using Exchange.Disruptor.Sequencing;

namespace Exchange.Disruptor;

/// <summary>Creates ring buffers with the sequencer that fits how many threads publish.</summary>
public static class RingBuffer
{
    public static RingBuffer<T> CreateSingleProducer<T>(int bufferSize, IWaitStrategy waitStrategy, Func<T>? factory = null) =>
        new(new SingleProducerSequencer(bufferSize, waitStrategy), factory);

    public static RingBuffer<T> CreateMultiProducer<T>(int bufferSize, IWaitStrategy waitStrategy, Func<T>? factory = null) =>
        new(new MultiProducerSequencer(bufferSize, waitStrategy), factory);
}
