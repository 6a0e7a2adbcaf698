using System.Collections.Concurrent;
using System.Threading.Channels;
using Exchange.Disruptor;

namespace Exchange.Benchmarks.Disruptor;

/// <summary>
/// Consumer threads for the baselines, each draining its queue as fast as that queue allows and
/// publishing its count into a padded <see cref="Sequence"/> once per drained batch — as the ring's
/// consumer publishes its sequence once per batch — so a baseline does no more work per item than the
/// ring. The queues are bounded like the ring (<see cref="Bounded"/>): a producer that gets ahead waits.
/// </summary>
internal static class QueueConsumers
{
    public static Thread StartConcurrentQueue(ConcurrentQueue<long> queue, Sequence consumed, CancellationToken stop)
    {
        var thread = new Thread(() =>
        {
            long count = 0, sum = 0;
            var spin = default(SpinWait);
            while (!stop.IsCancellationRequested)
            {
                if (queue.TryDequeue(out var value))
                {
                    sum += value;
                    count++;
                    while (queue.TryDequeue(out value))
                    {
                        sum += value;
                        count++;
                    }

                    consumed.SetValue(count); // once per drained batch
                    spin.Reset();
                }
                else
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
            }

            GC.KeepAlive(sum);
        }) { IsBackground = true, Name = "cq-consumer" };
        thread.Start();
        return thread;
    }

    public static Thread StartChannel(ChannelReader<long> reader, Sequence consumed)
    {
        var thread = new Thread(() =>
        {
            long count = 0, sum = 0;
            try
            {
                while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    while (reader.TryRead(out var value))
                    {
                        sum += value;
                        count++;
                    }

                    consumed.SetValue(count);
                }
            }
            catch (OperationCanceledException)
            {
            }

            GC.KeepAlive(sum);
        }) { IsBackground = true, Name = "channel-consumer" };
        thread.Start();
        return thread;
    }

    public static Thread StartBlockingCollection(BlockingCollection<long> collection, Sequence consumed)
    {
        var thread = new Thread(() =>
        {
            long count = 0, sum = 0;
            foreach (var value in collection.GetConsumingEnumerable())
            {
                sum += value;
                consumed.SetValue(++count);
            }

            GC.KeepAlive(sum);
        }) { IsBackground = true, Name = "bc-consumer" };
        thread.Start();
        return thread;
    }

    /// <summary>Waits (spinning, then yielding) while <paramref name="produced"/> items would put more than <paramref name="capacity"/> in flight: the bound a ring has.</summary>
    public static void Bounded(long produced, Sequence consumed, int capacity)
    {
        if (produced - consumed.Value < capacity)
        {
            return;
        }

        var spin = default(SpinWait);
        while (produced - consumed.Value >= capacity)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Writes to a bounded channel, waiting (spinning, then yielding) while it is full.</summary>
    public static void Write(ChannelWriter<long> writer, long value)
    {
        if (writer.TryWrite(value))
        {
            return;
        }

        var spin = default(SpinWait);
        while (!writer.TryWrite(value))
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    /// <summary>Spins (then yields) until the consumer has counted <paramref name="target"/> items.</summary>
    public static void WaitFor(Sequence consumed, long target)
    {
        var spin = default(SpinWait);
        while (consumed.Value < target)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
    }
}
