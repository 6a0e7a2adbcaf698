using Exchange.Core.Commands;
using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Journal.Snapshots;
using Exchange.Journal.Writing;
using Exchange.Testing;

namespace Exchange.JournalTools.Tests;

/// <summary>
/// A small data folder written with fixed sequences and timestamps (1 ms apart from a fixed
/// start), so outputs are repeatable: 18 set-up commands and 200 random ones, 3+ segments, and a
/// snapshot at sequence 100.
/// </summary>
public sealed class ToolFixture : IDisposable
{
    public const long StartTime = 1_767_225_600_000_000_000; // 2026-01-01T00:00:00Z
    public const long Step = 1_000_000; // 1 ms

    public ToolFixture(bool withSnapshot = true, int commands = 200, int seed = 99)
    {
        Directory.CreateDirectory(JournalPath);
        var stream = RandomCommands.Setup().Concat(RandomCommands.FromSeed(seed, commands)).ToArray();
        Commands = new Command[stream.Length];
        var engine = new MatchingEngine();
        var events = new EventBuffer();
        using (var writer = new JournalWriter(JournalPath, new JournalWriterOptions { SegmentBytes = 8 * 1024 }))
        {
            for (var i = 0; i < stream.Length; i++)
            {
                var c = stream[i];
                c.Sequence = i + 1;
                c.Timestamp = StartTime + (i * Step);
                Commands[i] = c;
                writer.Append(c);
                if (i % 10 == 9)
                {
                    writer.Commit();
                }

                engine.Process(c, events);
                if (withSnapshot && c.Sequence == 100)
                {
                    var state = engine.SaveState();
                    new SnapshotStore(SnapshotPath).Write(100, c.Timestamp, MatchingEngine.HashOf(state), writer.Chain, state);
                }
            }
        }
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "journal-tools-tests", Guid.NewGuid().ToString("N"));

    public string JournalPath => System.IO.Path.Combine(Path, "journal");

    public string SnapshotPath => System.IO.Path.Combine(Path, "snapshots");

    public Command[] Commands { get; }

    /// <summary>The engine state and events after the first <paramref name="count"/> commands, computed directly.</summary>
    public (MatchingEngine Engine, List<Event> Events) Apply(int count)
    {
        var engine = new MatchingEngine();
        var buffer = new EventBuffer();
        var events = new List<Event>();
        foreach (var c in Commands.Take(count))
        {
            buffer.Clear();
            engine.Process(c, buffer);
            events.AddRange(buffer.Events.ToArray());
        }

        return (engine, events);
    }

    /// <summary>Runs journal-tools in-process; returns the exit code and what it wrote.</summary>
    public static (int Exit, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = JournalToolsCommand.Run(args, new ToolContext(output, error, interactive: false));
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
