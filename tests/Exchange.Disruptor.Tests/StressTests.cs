using Exchange.Disruptor.Dsl;

namespace Exchange.Disruptor.Tests;

/// <summary>
/// Several producers hammering a tiny ring while two consumers check for gaps, duplicates and
/// torn slots. A short run is in the default suite; the long one carries Category=Soak.
/// </summary>
public sealed class StressTests
{
    private static void Run(int rounds, long perProducer, int producers)
    {
        for (var round = 0; round < rounds; round++)
        {
            var strategy = round % 2 == 0 ? (IWaitStrategy)new YieldingWaitStrategy() : new BlockingWaitStrategy();
            var first = new Record();
            var second = new Record();
            var disruptor = new Disruptor<Slot>(4, ProducerType.Multi, strategy, () => new Slot());
            disruptor.HandleEventsWith(new CheckingHandler(first), new CheckingHandler(second));
            var ring = disruptor.Start();
            var threads = new Thread[producers];
            for (var p = 0; p < producers; p++)
            {
                var producer = p;
                threads[p] = new Thread(() =>
                {
                    for (long i = 0; i < perProducer; i++)
                    {
                        long s;
                        if (i % 3 == 0)
                        {
                            while (!ring.TryNext(out s))
                            {
                                Thread.Yield();
                            }
                        }
                        else
                        {
                            s = ring.Next();
                        }

                        ring[s].Set(i, producer);
                        ring.Publish(s);
                    }
                });
                threads[p].Start();
            }

            foreach (var t in threads)
            {
                t.Join();
            }

            Assert.True(disruptor.Shutdown(TimeSpan.FromSeconds(60)));
            foreach (var record in new[] { first, second })
            {
                Assert.Null(record.Error);
                Assert.Equal(producers * perProducer, record.Count);
            }
        }
    }

    [Fact]
    public void Several_producers_on_a_tiny_ring_lose_duplicate_and_tear_nothing() => Run(rounds: 4, perProducer: 5_000, producers: 3);

    [Fact]
    [Trait("Category", "Soak")]
    public void Several_producers_on_a_tiny_ring_soak() => Run(rounds: 200, perProducer: 50_000, producers: 4);
}
