using Exchange.Journal.Format;

namespace Exchange.Replication.Tests;

public sealed class BatchBacklogTests
{
    private static ChainPoint End(long sequence) => new(sequence, new ChainValue((ulong)sequence, 2, 3, 4));

    [Fact]
    public void A_batch_reads_back_as_appended_by_its_first_sequence()
    {
        var backlog = new BatchBacklog(capacityBytes: 1 << 12, maxEntries: 16);
        var buffer = Array.Empty<byte>();
        for (var i = 0; i < 10; i++)
        {
            var records = Enumerable.Range(0, 50).Select(b => (byte)(b + i)).ToArray();
            backlog.Append(records, (i * 5) + 1, 5, End((i * 5) + 5));
        }

        Assert.True(backlog.TryRead(46, ref buffer, out var length, out var count, out var end));
        Assert.Equal(50, length);
        Assert.Equal(5, count);
        Assert.Equal(End(50), end);
        Assert.Equal(Enumerable.Range(0, 50).Select(b => (byte)(b + 9)), buffer.AsSpan(BatchBacklog.RecordsOffset, length).ToArray());
        Assert.False(backlog.TryRead(47, ref buffer, out _, out _, out _)); // not the start of a batch
        Assert.True(backlog.Holds(46));
        Assert.False(backlog.Holds(47));
        Assert.False(backlog.Holds(51));
        Assert.False(backlog.TryRead(51, ref buffer, out _, out _, out _)); // not committed yet
        Assert.Equal(50, backlog.LastSequence);
    }

    [Fact]
    public void What_was_overwritten_or_never_kept_is_not_found_so_the_reader_goes_to_disk()
    {
        var backlog = new BatchBacklog(capacityBytes: 1 << 10, maxEntries: 8);
        var buffer = Array.Empty<byte>();
        for (var i = 0; i < 100; i++)
        {
            backlog.Append(new byte[100], i + 1, 1, End(i + 1));
        }

        Assert.False(backlog.TryRead(1, ref buffer, out _, out _, out _));
        Assert.True(backlog.TryRead(100, ref buffer, out _, out _, out _));
        backlog.Append(new byte[4096], 101, 1, End(101)); // over half the backlog: not kept
        Assert.False(backlog.TryRead(101, ref buffer, out _, out _, out _));
        Assert.Equal(101, backlog.LastSequence);
    }

    [Fact]
    public async Task Readers_racing_the_writer_never_get_a_torn_batch()
    {
        var backlog = new BatchBacklog(capacityBytes: 1 << 12, maxEntries: 64);
        const int batches = 200_000;
        var writer = Task.Run(() =>
        {
            var records = new byte[64];
            for (var i = 1; i <= batches; i++)
            {
                records.AsSpan().Fill((byte)i);
                backlog.Append(records, i, 1, End(i));
            }
        });
        var buffer = Array.Empty<byte>();
        var checkedBatches = 0;
        while (!writer.IsCompleted)
        {
            var next = backlog.LastSequence;
            if (next > 0 && backlog.TryRead(next, ref buffer, out var length, out _, out var end))
            {
                Assert.Equal(next, end.Sequence);
                Assert.All(buffer.AsSpan(BatchBacklog.RecordsOffset, length).ToArray(), b => Assert.Equal((byte)next, b));
                checkedBatches++;
            }
        }

        await writer;
        Assert.True(checkedBatches > 0);
    }
}
