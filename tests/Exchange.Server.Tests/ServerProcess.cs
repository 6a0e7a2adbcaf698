using System.Collections.Concurrent;
using System.Diagnostics;

namespace Exchange.Server.Tests;

/// <summary>One real exchange-server process: started with the arguments a test gives, every line it logs kept, killed with -9 at will.</summary>
internal class ServerProcess : IDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private Process? _process;

    public int? ProcessId => _process?.Id;

    public bool IsRunning => _process is { HasExited: false };

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>What the test calls this process in its failure messages.</summary>
    protected virtual string Name => "exchange-server";

    /// <summary>Starts the executable with <paramref name="args"/> (the previous process, if any, must have ended).</summary>
    public void Start(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "exchange-server.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_gcServer"] = "0";
        _process = Process.Start(start)!;
        var process = _process;
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                _lines.Enqueue(line);
            }
        });
        _ = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                _lines.Enqueue("stderr: " + line);
            }
        });
    }

    /// <summary>kill -9: no shutdown, no flush.</summary>
    public void Kill()
    {
        if (_process is { } process)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            process.WaitForExit(60_000);
        }
    }

    public void Pause() => Signal("STOP");

    public void Resume() => Signal("CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit(10_000);
    }

    public int Count(string text)
    {
        var n = 0;
        foreach (var line in _lines)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                n++;
            }
        }

        return n;
    }

    public async Task WaitForLogAsync(string text, TimeSpan timeout, int atLeast = 1)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Count(text) < atLeast)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not log \"{text}\" within {timeout.TotalSeconds} s; its log:\n{string.Join('\n', _lines.TakeLast(60))}");
            }

            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && _process is { } process)
        {
            if (!process.HasExited)
            {
                Resume(); // a paused process cannot die until it runs
                Kill();
            }

            process.Dispose();
        }
    }
}
