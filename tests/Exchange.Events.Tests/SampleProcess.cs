using System.Collections.Concurrent;
using System.Diagnostics;

namespace Exchange.Events.Tests;

/// <summary>A consumer sample run as a user runs it (its built executable, or python3 and the script), with every line it printed.</summary>
internal sealed class SampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task _output;
    private readonly Task _errors;

    private SampleProcess(Process process)
    {
        _process = process;
        _output = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                Lines.Enqueue(line);
            }
        });
        _errors = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                Errors.Enqueue(line);
            }
        });
    }

    public ConcurrentQueue<string> Lines { get; } = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>The C# sample, from its own build output (same configuration as these tests).</summary>
    public static SampleProcess CSharp(params string[] args)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(Testing.Repository.Root(), "samples", "Exchange.EventConsumer", "bin", configuration, "net10.0", "Exchange.EventConsumer.dll");
        return Start("dotnet", [dll, .. args]);
    }

    /// <summary>The Python sample with python3 (skipped where there is none, failed under CI=true).</summary>
    public static SampleProcess Python(params string[] args)
    {
        var python = Testing.ExternalTool.Require("python3", "apt-get install python3", "python3");
        return Start(python, [Path.Combine(Testing.Repository.Root(), "samples", "python", "events_consumer.py"), .. args]);
    }

    private static SampleProcess Start(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new SampleProcess(Process.Start(start)!);
    }

    /// <summary>Waits (generously) for the sample to end by itself and returns its exit code.</summary>
    public int WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the sample did not end by itself; it printed:\n{string.Join('\n', Lines.TakeLast(10))}\n{string.Join('\n', Errors)}");
        }

        Task.WaitAll([_output, _errors], TimeSpan.FromMinutes(1)); // everything it printed is read
        return _process.ExitCode;
    }

    /// <summary>The message ids of the events printed (the first column, <c>sequence-index</c>).</summary>
    public List<string> Ids() => Lines.Select(l => l.TrimStart().Split(' ', 2)[0]).ToList();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
