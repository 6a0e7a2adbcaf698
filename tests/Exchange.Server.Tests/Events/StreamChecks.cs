using System.Diagnostics;
using Exchange.Server.Tests.Cluster;
using Exchange.Testing;

namespace Exchange.Server.Tests.Events;

/// <summary>The exactly-once check against the real journal-tools: the stream holds what <c>journal-tools events --format json</c> prints, line for message.</summary>
internal static class StreamChecks
{
    /// <summary>Waits (generously) until the stream holds as many events as the data folder's journal derives.</summary>
    public static async Task WaitCaughtUpAsync(string natsUrl, string dataDirectory, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + TestCluster.Patience + TestCluster.Patience;
        var expected = 0;
        ulong stored = 0;
        while (DateTime.UtcNow < deadline)
        {
            expected = StreamContents.Derive(dataDirectory).Count;
            stored = await StreamContents.LastSequenceAsync(natsUrl);
            if (expected > 0 && stored >= (ulong)expected)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the stream holds {stored} events, the journal derives {expected}\n{describe?.Invoke()}");
    }

    /// <summary>Asserts that the stream and journal-tools agree, event for message, in order, and returns how many there were.</summary>
    public static async Task<int> AssertStreamIsJournalAsync(string natsUrl, string dataDirectory)
    {
        var printed = JournalToolsEvents(dataDirectory);
        var stream = await StreamContents.ReadAllAsync(natsUrl);
        var problems = new List<string>();
        if (stream.Count != printed.Count)
        {
            problems.Add($"{stream.Count} messages in the stream, {printed.Count} events printed by journal-tools");
        }

        var ids = new HashSet<string>();
        for (var i = 0; i < Math.Min(stream.Count, printed.Count) && problems.Count < 10; i++)
        {
            if (stream[i].Body != printed[i])
            {
                problems.Add($"#{i}: stream {stream[i].Body}\n      journal-tools {printed[i]}");
            }

            if (stream[i].MessageId is not { } id || !ids.Add(id))
            {
                problems.Add($"#{i}: message id {stream[i].MessageId ?? "(none)"} missing or repeated");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        return stream.Count;
    }

    /// <summary>journal-tools as built beside this test project (same configuration), run from its own folder with its own dependencies.</summary>
    private static string JournalTools()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/{configuration}/net10.0/
        return Path.Combine(Repository.Root(), "journal-tools", "Exchange.JournalTools", "bin", configuration, "net10.0", "journal-tools.dll");
    }

    /// <summary>Runs the real journal-tools on the folder: one JSON line per event.</summary>
    public static List<string> JournalToolsEvents(string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[JournalTools(), "events", dataDirectory, "--format", "json"])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (process.StandardOutput.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"journal-tools events exited {process.ExitCode}: {error.Result}");
        return lines;
    }
}
