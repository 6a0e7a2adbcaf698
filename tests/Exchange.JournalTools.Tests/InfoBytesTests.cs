namespace Exchange.JournalTools.Tests;

/// <summary><c>info</c> tells bytes used from bytes the file system has allocated (segments are preallocated).</summary>
public sealed class InfoBytesTests : IDisposable
{
    private readonly ToolFixture _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void Info_shows_bytes_used_and_bytes_allocated_separately()
    {
        var json = System.Text.Json.JsonDocument.Parse(ToolFixture.Run("info", _data.Path, "--format", "json").Out).RootElement;
        var used = json.GetProperty("journalBytes").GetInt64();
        var allocated = json.GetProperty("allocatedBytes").GetInt64();
        var onDisk = Directory.GetFiles(_data.JournalPath).Sum(f => new FileInfo(f).Length);
        Assert.Equal(onDisk, used);
        Assert.True(allocated > 0);
        Assert.Contains($"{used:N0} used, {allocated:N0} allocated on disk", ToolFixture.Run("info", _data.Path).Out, StringComparison.Ordinal);
    }
}
