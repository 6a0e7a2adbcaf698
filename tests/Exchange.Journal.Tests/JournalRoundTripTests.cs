using Exchange.Core.Commands;
using Exchange.Journal.Reading;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Tests;

public sealed class JournalRoundTripTests
{
    private static List<Command> ReadAll(string directory, long from = 0)
    {
        var (commands, torn) = JournalFiles.Read(directory, from);
        Assert.Null(torn);
        return commands;
    }

    private static void Write(string directory, IEnumerable<Command> commands, int batch, JournalWriterOptions? options = null) =>
        JournalFiles.Write(directory, commands, batch, options);

    [Fact]
    public void Commands_read_back_exactly_as_written()
    {
        using var journal = new TempJournal();
        var commands = SampleCommands.All(repeat: 20);
        Write(journal.Path, commands, batch: 7);
        Assert.Equal(commands, ReadAll(journal.Path));
    }

    [Fact]
    public void Segments_roll_at_the_size_limit_and_reading_spans_them()
    {
        using var journal = new TempJournal();
        var commands = SampleCommands.All(repeat: 40);
        Write(journal.Path, commands, batch: 5, new JournalWriterOptions { SegmentBytes = 4_096 });
        Assert.True(journal.Segments.Count > 5, $"{journal.Segments.Count} segments");
        Assert.Equal(commands, ReadAll(journal.Path));
        Assert.Equal(commands.Where(c => c.Sequence >= 300), ReadAll(journal.Path, from: 300));
        foreach (var segment in journal.Segments)
        {
            Assert.True(new FileInfo(segment).Length <= 4_096 + 2_000, segment);
        }
    }

    [Fact]
    public async Task Syncing_from_another_thread_while_writing_and_rolling_loses_nothing()
    {
        using var journal = new TempJournal();
        var commands = SampleCommands.All(repeat: 200);
        var writer = new JournalWriter(journal.Path, new JournalWriterOptions { SegmentBytes = 4_096, SyncOnCommit = false });
        using var done = new ManualResetEventSlim();
        var durableSeen = new List<long>();
        var syncer = Task.Run(() =>
        {
            // The async mode's syncer: fsync in a loop while the writer appends, commits and rolls segments.
            while (!done.IsSet)
            {
                writer.Sync();
                durableSeen.Add(writer.DurableSequence);
            }
        });

        for (var i = 0; i < commands.Length; i++)
        {
            writer.Append(commands[i]);
            if (i % 3 == 2)
            {
                writer.Commit();
            }

            if (i % 90 == 89)
            {
                // Let the syncer catch up now and then, so fsyncs land between writes and rolls throughout.
                var syncs = writer.Syncs;
                SpinWait.SpinUntil(() => writer.Syncs > syncs, TimeSpan.FromSeconds(5));
            }
        }

        writer.Commit();
        done.Set();
        await syncer.WaitAsync(TimeSpan.FromMinutes(1));
        writer.Sync();
        Assert.Equal(commands[^1].Sequence, writer.DurableSequence);
        Assert.True(writer.Syncs > 10, $"{writer.Syncs} syncs");
        Assert.Equal(durableSeen.Order(), durableSeen); // durability only moves forward
        writer.Dispose();
        Assert.True(journal.Segments.Count > 5, $"{journal.Segments.Count} segments");
        Assert.Equal(commands, ReadAll(journal.Path));
    }

    [Fact]
    public void Reopening_continues_the_sequence()
    {
        using var journal = new TempJournal();
        var commands = SampleCommands.All(repeat: 4);
        Write(journal.Path, commands.Take(20), batch: 3);
        using (var writer = new JournalWriter(journal.Path))
        {
            Assert.Equal(20, writer.LastSequence);
            Assert.Equal(20, writer.DurableSequence);
            Assert.Throws<InvalidOperationException>(() => writer.Append(commands[25]));
            foreach (var c in commands.Skip(20))
            {
                writer.Append(c);
            }
        }

        Assert.Equal(commands, ReadAll(journal.Path));
    }

    [Fact]
    public void Commit_writes_and_syncs_a_batch()
    {
        using var journal = new TempJournal();
        var commands = SampleCommands.All();
        using var writer = new JournalWriter(journal.Path);
        writer.Append(commands[0]);
        writer.Append(commands[1]);
        Assert.True(writer.PendingBytes > 0);
        Assert.Equal(0, writer.DurableSequence);
        writer.Commit();
        Assert.Equal(0, writer.PendingBytes);
        Assert.Equal(2, writer.DurableSequence);
        Assert.Equal(2, ReadAll(journal.Path).Count);
    }

    [Fact]
    public void Async_mode_writes_on_commit_and_syncs_on_demand()
    {
        using var journal = new TempJournal();
        using var writer = new JournalWriter(journal.Path, new JournalWriterOptions { SyncOnCommit = false });
        writer.Append(SampleCommands.All()[0]);
        writer.Commit();
        Assert.Equal(1, writer.CommittedSequence);
        Assert.Equal(0, writer.DurableSequence);
        writer.Sync();
        Assert.Equal(1, writer.DurableSequence);
    }

    [Fact]
    public void An_empty_or_missing_folder_reads_as_empty()
    {
        using var journal = new TempJournal();
        Assert.Empty(ReadAll(journal.Path));
        Assert.Empty(ReadAll(Path.Combine(journal.Path, "missing")));
    }
}

public sealed class JournalTimeTests
{
    [Fact]
    public void Reading_from_a_time_starts_at_the_first_record_at_or_after_it_across_segments()
    {
        using var journal = new TempJournal();
        var commands = SampleCommands.All(repeat: 40);
        using (var writer = new JournalWriter(journal.Path, new JournalWriterOptions { SegmentBytes = 2_048 }))
        {
            foreach (var c in commands)
            {
                writer.Append(c);
                writer.Commit();
            }
        }

        foreach (var index in new[] { 0, 1, 57, 200, commands.Length - 1 })
        {
            var at = commands[index].Timestamp;
            foreach (var (time, expectedFirst) in new[] { (at, index), (at - 1, index), (at + 1, index + 1) })
            {
                using var cursor = new JournalCursor(journal.Path, fromTimestamp: time);
                if (expectedFirst >= commands.Length)
                {
                    Assert.False(cursor.MoveNext());
                    continue;
                }

                Assert.True(cursor.MoveNext());
                Assert.Equal(commands[expectedFirst].Sequence, cursor.Header.Sequence);
            }
        }
    }
}
