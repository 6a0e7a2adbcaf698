using System.Collections.Concurrent;
using System.Threading.Channels;
using Exchange.Disruptor;

namespace Exchange.Benchmarks.Disruptor;

/// <summary>
/// Consumer threads for the baselines, each draining its queue as fast as that queue allows and
/// counting into a padded <see cref="Sequence"/> the producer polls.
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
                    consumed.SetValue(++count);
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
