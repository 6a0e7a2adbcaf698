using Exchange.Core.Commands;
using Exchange.Journal.Reading;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Tests;

/// <summary>
/// A journal written by format version 1 is kept in the repository. Every later build must still
/// read it to the same commands: a change to a layout has to add a version, not alter this one.
/// </summary>
public sealed class FormatFixtureTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "v1");

    [Fact]
    public void The_version_1_fixture_reads_to_the_commands_that_wrote_it()
    {
        var commands = new List<Command>();
        using (var cursor = new JournalCursor(FixtureDirectory))
        {
            while (cursor.MoveNext())
            {
                Assert.Equal(1, cursor.Header.CommandVersion);
                commands.Add(cursor.ReadCommand());
            }

            Assert.Null(cursor.TornTail);
        }

        Assert.Equal(SampleCommands.All(repeat: 2), commands);
    }

    [Fact]
    public void Todays_writer_produces_the_fixture_byte_for_byte()
    {
        using var journal = new TempJournal();
        using (var writer = new JournalWriter(journal.Path))
        {
            foreach (var c in SampleCommands.All(repeat: 2))
            {
                writer.Append(c);
            }
        }

        var fixture = JournalDirectory.Segments(FixtureDirectory).Single();
        Assert.Equal(File.ReadAllBytes(fixture), File.ReadAllBytes(journal.Segments.Single()));
    }
}

/// <summary>
/// The journal of layout version 2 (stops, icebergs, GTD, quote amounts, time ticks), kept like
/// the v1 one: plain commands in it are still v1 records, advanced orders v2.
/// </summary>
public sealed class FormatFixtureV2Tests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "v2");

    [Fact]
    public void The_version_2_fixture_reads_to_the_commands_that_wrote_it()
    {
        var commands = new List<Command>();
        var versions = new HashSet<byte>();
        using (var cursor = new JournalCursor(FixtureDirectory))
        {
            while (cursor.MoveNext())
            {
                versions.Add(cursor.Header.CommandVersion);
                commands.Add(cursor.ReadCommand());
            }

            Assert.Null(cursor.TornTail);
        }

        Assert.Equal(SampleCommands.WithAdvanced(), commands);
        Assert.Equal(new byte[] { 1, 2 }, versions.Order().ToArray());
    }

    [Fact]
    public void Todays_writer_produces_the_v2_fixture_byte_for_byte()
    {
        using var journal = new TempJournal();
        using (var writer = new JournalWriter(journal.Path))
        {
            foreach (var c in SampleCommands.WithAdvanced())
            {
                writer.Append(c);
            }
        }

        var fixture = JournalDirectory.Segments(FixtureDirectory).Single();
        Assert.Equal(File.ReadAllBytes(fixture), File.ReadAllBytes(journal.Segments.Single()));
    }
}
