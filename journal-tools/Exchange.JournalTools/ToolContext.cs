using System.Text.Json;

namespace Exchange.JournalTools;

/// <summary>Where a command writes (stdout for results, stderr for errors and progress) and how.</summary>
internal sealed class ToolContext(TextWriter output, TextWriter error, bool interactive)
{
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Whether a person is watching a terminal (progress bars are drawn only then).</summary>
    public bool Interactive { get; } = interactive;

    public void WriteJson(object value) => Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>A one-line error on stderr, returning the exit code to end with.</summary>
    public int Fail(int exitCode, string message)
    {
        Error.WriteLine("journal-tools: " + message);
        return exitCode;
    }

    /// <summary>Whether an exception means the journal or a snapshot is damaged (exit 3), as opposed to a bug.</summary>
    public static bool IsDamage(Exception ex) =>
        ex is Journal.JournalCorruptException or Journal.Snapshots.SnapshotMismatchException or InvalidDataException;
}
