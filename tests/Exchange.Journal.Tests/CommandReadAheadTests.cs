using Exchange.Core.Commands;
using Exchange.Journal.Format;
using Exchange.Journal.Reading;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Tests;

public sealed class CommandReadAheadTests
{
    private static readonly Command[] Commands = SampleCommands.All(repeat: 400); // 4,800 commands: several chunks

    public static TheoryData<bool, bool> Modes => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    /// <summary>Every command handed out, then the exception that ended the reading (null at a clean end).</summary>
    private static (List<Command> Commands, Exception? Error, CommandReadAhead Reader) ReadAll(string directory, bool threaded, long from = 1, long to = long.MaxValue,
        Action<ChainPoint>? observe = null)
    {
        var list = new List<Command>();
        var reader = new CommandReadAhead(new JournalCursor(directory, from), from, to, observe, threaded);
        try
        {
            for (var chunk = reader.Next(); !chunk.IsEmpty; chunk = reader.Next())
            {
                foreach (var c in chunk)
                {
                    list.Add(c);
                }
            }

            return (list, null, reader);
        }
        catch (JournalCorruptException ex)
        {
            return (list, ex, reader);
        }
    }

    /// <summary>What a plain cursor returns before it stops or throws.</summary>
    private static (List<Command> Commands, Exception? Error) ReadPlain(string directory)
    {
        var list = new List<Command>();
        using var cursor = new JournalCursor(directory, 1);
        try
        {
            while (cursor.MoveNext())
            {
                list.Add(cursor.ReadCommand());
            }

            return (list, null);
        }
        catch (JournalCorruptException ex)
        {
            return (list, ex);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Hands_out_every_command_in_order_and_leaves_the_cursor_at_the_journals_head(bool threaded, bool lz4)
    {
        using var journal = new TempJournal();
        JournalFiles.Write(journal.Path, Commands, batch: 7, new JournalWriterOptions { Lz4Blocks = lz4 });
        var chainPoints = new List<ChainPoint>();

        var (read, error, reader) = ReadAll(journal.Path, threaded, observe: chainPoints.Add);
        using (reader)
        {
            Assert.Null(error);
            Assert.Equal(Commands.Length, read.Count);
            for (var i = 0; i < read.Count; i++)
            {
                Assert.Equal(Commands[i].Sequence, read[i].Sequence);
                Assert.Equal(Commands[i].Type, read[i].Type);
                Assert.Equal(Commands[i].AccountId, read[i].AccountId);
            }

            Assert.True(reader.ReachedEnd);
            Assert.Equal(Commands.Length, reader.Cursor.LastSequence);
            Assert.Equal(Commands.Length, reader.Cursor.Chain.Sequence);
            Assert.Null(reader.Cursor.TornTail);
            Assert.Equal(Commands.Length, chainPoints.Count);
            for (var i = 0; i < chainPoints.Count; i++)
            {
                Assert.Equal(i / 7 * 7, chainPoints[i].Sequence); // before each command: the chain at the end of the batch before its own
            }
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Stops_before_the_first_command_past_the_wanted_one(bool threaded, bool lz4)
    {
        using var journal = new TempJournal();
        JournalFiles.Write(journal.Path, Commands, batch: 7, new JournalWriterOptions { Lz4Blocks = lz4 });

        var (read, error, reader) = ReadAll(journal.Path, threaded, from: 1_001, to: 3_333);
        using (reader)
        {
            Assert.Null(error);
            Assert.Equal(1_001, read[0].Sequence);
            Assert.Equal(3_333, read[^1].Sequence);
            Assert.Equal(2_333, read.Count);
            Assert.False(reader.ReachedEnd);
            Assert.Equal(3_332, reader.Cursor.Chain.Sequence); // the batch boundary before 3,334 (batches of 7 end at multiples of 7)
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Damage_in_the_middle_is_thrown_after_exactly_the_commands_a_plain_cursor_returns_before_it(bool threaded, bool lz4)
    {
        using var journal = new TempJournal();
        JournalFiles.Write(journal.Path, Commands, batch: 7, new JournalWriterOptions { Lz4Blocks = lz4 });
        var segment = journal.Segments.Single();
        var bytes = File.ReadAllBytes(segment);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(segment, bytes);

        var (plain, plainError) = ReadPlain(journal.Path);
        var (read, error, reader) = ReadAll(journal.Path, threaded);
        reader.Dispose();

        Assert.NotNull(plainError);
        Assert.InRange(plain.Count, 1_000, Commands.Length - 1_000);
        Assert.Equal(plainError.Message, error?.Message);
        Assert.Equal(plain.Count, read.Count);
        Assert.Equal(0, plain.Count % 7); // nothing of the damaged batch is handed out
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_reader_left_after_its_first_chunk_is_disposed_without_waiting_for_the_rest(bool threaded)
    {
        using var journal = new TempJournal();
        JournalFiles.Write(journal.Path, Commands, batch: 7);

        var reader = new CommandReadAhead(new JournalCursor(journal.Path, 1), 1, readOnOwnThread: threaded);
        Assert.Equal(1, reader.Next()[0].Sequence);
        await Task.Run(reader.Dispose).WaitAsync(TimeSpan.FromSeconds(60)); // throws TimeoutException if disposing hangs
    }

    [Fact]
    public void A_journal_that_does_not_start_at_the_wanted_sequence_is_refused()
    {
        using var journal = new TempJournal();
        JournalFiles.Write(journal.Path, Commands, batch: 7);

        // The replay expects 1 but a cursor told to start at 50 hands out 50 first.
        var reader = new CommandReadAhead(new JournalCursor(journal.Path, 50), 1);
        using (reader)
        {
            var error = Assert.Throws<JournalCorruptException>(() => reader.Next().Length);
            Assert.Contains("replay expected sequence 1", error.Message, StringComparison.Ordinal);
        }
    }
}
