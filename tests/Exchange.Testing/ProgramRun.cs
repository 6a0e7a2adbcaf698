using System.Diagnostics;

namespace Exchange.Testing;

/// <summary>
/// Runs a program to its end as a user would (python3 and a script, a built sample), keeping everything it
/// printed: for tests that hold samples and clients in other languages to what their pages say.
/// </summary>
public static class ProgramRun
{
    /// <summary>Runs <paramref name="fileName"/> in <paramref name="folder"/>; killed (and a TimeoutException thrown) if it has not ended after <paramref name="patience"/>.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(string fileName, IEnumerable<string> arguments, string folder, IReadOnlyDictionary<string, string>? environment, TimeSpan patience)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException(fileName + " could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timer = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} did not end within {patience}: " + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>python3 with arguments (skipped with the install command where python3 is missing; a failure under CI=true).</summary>
    public static Task<(int Exit, string Output)> PythonAsync(IEnumerable<string> arguments, string folder, IReadOnlyDictionary<string, string> environment) =>
        RunAsync(ExternalTool.Require("python3", "apt-get install python3", "python3"), arguments, folder, environment, TimeSpan.FromMinutes(5));

    /// <summary>
    /// The path of a project's built assembly in the repository, in the configuration the calling tests were
    /// built in (bin/{configuration}/net10.0/): a sample or tool run from its own output with its own dependencies.
    /// </summary>
    public static string Built(string projectFolder, string assembly)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        return Path.Combine(Repository.Root(), projectFolder, "bin", configuration, "net10.0", assembly);
    }
}
