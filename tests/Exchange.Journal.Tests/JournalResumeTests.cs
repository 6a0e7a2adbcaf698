using Exchange.Core.Commands;
using Exchange.Journal.Format;
using Exchange.Journal.Reading;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Tests;

/// <summary>
/// A cursor given the position where a batch ended (kept with a snapshot) starts reading there: the
/// records before it are not read at all, the seal ending there is checked, and the chain goes on from
/// its value. A position that does not end in that seal is ignored and the segment is read from its start.
/// </summary>
public sealed class JournalResumeTests
{
    private static (Command[] Commands, JournalPosition Position, long Sequence, ChainPoint Head) Write(string directory)
    {
        var commands = SampleCommands.All(repeat: 30);
        JournalPosition position = default;
        long sequence = 0;
        ChainPoint head;
        using (var writer = new JournalWriter(directory, new JournalWriterOptions { SyncOnCommit = false }))
        {
            for (var i = 0; i < commands.Length; i++)
            {
                writer.Append(commands[i]);
                if (i % 5 == 4)
                {
                    writer.Commit();
                    if (i + 1 == 200)
                    {
                        (position, sequence) = (writer.Position, writer.Chain.Sequence);
                    }
                }
            }

            writer.Commit();
            head = writer.Chain;
        }

        return (commands, position, sequence, head);
    }

    private static (List<long> Sequences, ChainPoint Head) Read(string directory, long from, JournalPosition? resumeAt)
    {
        var sequences = new List<long>();
        using var cursor = new JournalCursor(directory, from, resumeAt: resumeAt);
        while (cursor.MoveNext())
        {
            sequences.Add(cursor.Header.Sequence);
        }

        return (sequences, cursor.Chain);
    }

    [Fact]
    public void Reading_resumes_at_the_position_without_touching_what_is_before_it_and_the_chain_goes_on()
    {
        using var journal = new TempJournal();
        var (commands, position, sequence, head) = Write(journal.Path);
        Assert.Single(journal.Segments);
        Assert.Equal(200, sequence);

        // Damage a record well before the position: a reader that read it would throw.
        var segment = journal.Segments[0];
        var bytes = File.ReadAllBytes(segment);
        bytes[SegmentHeader.Size + 40] ^= 0x01;
        File.WriteAllBytes(segment, bytes);
        Assert.Throws<JournalCorruptException>(() => Read(journal.Path, sequence + 1, null));

        var (read, chain) = Read(journal.Path, sequence + 1, position);
        Assert.Equal(Enumerable.Range(201, commands.Length - 200).Select(i => (long)i), read);
        Assert.Equal(head, chain); // every batch after the position verified and chained from the seal's value
    }

    [Fact]
    public void A_position_that_is_not_just_after_that_batch_is_ignored()
    {
        using var journal = new TempJournal();
        var (commands, position, sequence, head) = Write(journal.Path);
        foreach (var wrong in new[] { position with { Offset = position.Offset - 1 }, position with { Offset = position.Offset + 5 }, position with { Offset = 10 } })
        {
            var (read, chain) = Read(journal.Path, sequence + 1, wrong);
            Assert.Equal(commands.Length - 200, read.Count);
            Assert.Equal(head, chain);
        }

        var (early, _) = Read(journal.Path, sequence - 4, position); // it ends another batch than the one before the start
        Assert.Equal(commands.Length - 195, early.Count);
    }
}
