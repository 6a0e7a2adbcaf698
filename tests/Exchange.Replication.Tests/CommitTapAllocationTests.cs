using System.Net;
using Exchange.Journal.Format;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Replication.Tests;

/// <summary>The replication tap runs on the journaller's thread for every batch: in steady state it allocates nothing there.</summary>
public sealed class CommitTapAllocationTests
{
    [Fact]
    public void Handing_a_batch_to_the_links_allocates_nothing_on_the_journallers_thread()
    {
        var folder = Path.Combine(Path.GetTempPath(), "exchange-tap-" + Guid.NewGuid().ToString("N"));
        using var replicator = new Replicator(new ReplicationOptions
        {
            NodeId = 1, Listen = new IPEndPoint(IPAddress.Loopback, 0), Mode = ReplicationMode.AsyncReplicated, BacklogBytes = 1 << 20,
        }, folder, NullLogger.Instance);
        replicator.Activate(new TestLeadership(1), 0);
        var records = new byte[300];
        long sequence = 0;
        void Batch()
        {
            sequence++;
            var end = new ChainPoint(sequence, new ChainValue((ulong)sequence, 0, 0, 0));
            replicator.OnWritten(records, sequence, 1, end);
            replicator.OnDurable(end);
        }

        for (var i = 0; i < 10_000; i++)
        {
            Batch(); // warm up, and wrap the backlog several times
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100_000; i++)
        {
            Batch();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(sequence, replicator.CommittedSequence);
    }
}
