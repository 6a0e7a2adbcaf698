using Exchange.Core.Commands;
using Exchange.Journal.Format;
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
    public void Todays_writer_produces_the_fixtures_records_byte_for_byte()
    {
        using var journal = new TempJournal();
        using (var writer = new JournalWriter(journal.Path))
        {
            foreach (var c in SampleCommands.All(repeat: 2))
            {
                writer.Append(c);
            }
        }

        // The segment format moved on (version 2 seals and chains batches); the records inside must not.
        Assert.Equal(FixtureRecords.Of(FixtureDirectory), FixtureRecords.Of(journal.Path));
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
    public void Todays_writer_produces_the_v2_fixtures_records_byte_for_byte()
    {
        using var journal = new TempJournal();
        using (var writer = new JournalWriter(journal.Path))
        {
            foreach (var c in SampleCommands.WithAdvanced())
            {
                writer.Append(c);
            }
        }

        Assert.Equal(FixtureRecords.Of(FixtureDirectory), FixtureRecords.Of(journal.Path));
    }
}

/// <summary>
/// The journal of segment format version 2 (batches closed by seals, a hash chain), kept like the
/// others: two batches of the commands with advanced orders, the second continuing the first's chain.
/// </summary>
public sealed class FormatFixtureChainedTests
{
    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "chained");

    /// <summary>The chain head of the fixture: SHA-256 links as docs/journal-format.md defines them, computed when the format was made (and checked then by an independent reading in Python).</summary>
    private const string PinnedHead = "7f8adb9f620926e871aba881b694d05504b5c46f6778916c29ae1654c4cd4f2c";

    internal static void Write(string directory)
    {
        using var writer = new JournalWriter(directory);
        var commands = SampleCommands.WithAdvanced();
        for (var i = 0; i < commands.Length; i++)
        {
            writer.Append(commands[i]);
            if (i == commands.Length / 2)
            {
                writer.Commit();
            }
        }
    }

    [Fact]
    public void The_chained_fixture_reads_to_the_commands_that_wrote_it_and_its_chain_verifies()
    {
        var survey = JournalSurvey.Scan(FixtureDirectory);
        Assert.Null(survey.TornTail);
        Assert.Equal(SampleCommands.WithAdvanced().Length, survey.Records);
        Assert.Equal(PinnedHead, survey.Head.Value.ToString());
        Assert.Equal(SampleCommands.WithAdvanced(), JournalFiles.Read(FixtureDirectory).Commands);
    }

    [Fact]
    public void Todays_writer_produces_the_chained_fixture_byte_for_byte()
    {
        using var journal = new TempJournal();
        Write(journal.Path);
        var fixture = JournalDirectory.Segments(FixtureDirectory).Single();
        Assert.Equal(File.ReadAllBytes(fixture), File.ReadAllBytes(journal.Segments.Single()));
    }
}

/// <summary>Every command record of a journal as (header, payload): what must stay the same when only the segment container changes.</summary>
internal static class FixtureRecords
{
    public static List<(RecordHeader Header, string Payload)> Of(string directory)
    {
        var records = new List<(RecordHeader, string)>();
        using var cursor = new JournalCursor(directory);
        while (cursor.MoveNext())
        {
            records.Add((cursor.Header, Convert.ToHexString(cursor.Payload)));
        }

        return records;
    }
}
