namespace Exchange.Journal.Tests;

/// <summary>A journal folder under the temp directory, deleted when the test ends.</summary>
public sealed class TempJournal : IDisposable
{
    public TempJournal() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "exchange-journal-tests", Guid.NewGuid().ToString("N"));

    public IReadOnlyList<string> Segments => JournalDirectory.Segments(Path);

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
