using Exchange.Core.Commands;
using Exchange.Journal.Reading;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Tests;

/// <summary>Writing and reading whole journals in tests.</summary>
public static class JournalFiles
{
    /// <summary>Appends the commands, committing every <paramref name="batch"/> of them (and the rest on dispose).</summary>
    public static void Write(string directory, IEnumerable<Command> commands, int batch, JournalWriterOptions? options = null)
    {
        using var writer = new JournalWriter(directory, options);
        var n = 0;
        foreach (var c in commands)
        {
            writer.Append(c);
            if (++n % batch == 0)
            {
                writer.Commit();
            }
        }
    }

    /// <summary>Every command from <paramref name="from"/> on, and the torn tail if the journal ends in one.</summary>
    public static (List<Command> Commands, TornTail? Torn) Read(string directory, long from = 0)
    {
        var result = new List<Command>();
        using var cursor = new JournalCursor(directory, from);
        while (cursor.MoveNext())
        {
            result.Add(cursor.ReadCommand());
        }

        return (result, cursor.TornTail);
    }
}
