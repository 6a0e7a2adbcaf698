using Exchange.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Exchange.Server.Tests.Cluster;

/// <summary>One real exchange-server process of a test cluster: its ports, its data folder and every line it has logged.</summary>
internal sealed partial class NodeProcess(int id, string root, string etcd, IReadOnlyList<string> extraArgs) : IDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private Process? _process;

    public int Id { get; } = id;

    public int Port { get; } = FreePorts.Next();

    public int ReplicationPort { get; } = FreePorts.Next();

    public int HttpPort { get; } = FreePorts.Next();

    public string DataDirectory { get; } = Path.Combine(root, $"node{id}");

    public string JournalDirectory => Path.Combine(DataDirectory, "journal");

    public int? ProcessId => _process?.Id;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Arguments added on the next start (e.g. a replication address behind a proxy).</summary>
    public List<string> NextStartArgs { get; } = [];

    public IReadOnlyCollection<string> Lines => _lines;

    public void Start()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "exchange-server.dll"));
        foreach (var arg in (string[])["--node-id", Id.ToString(CultureInfo.InvariantCulture), "--data-dir", DataDirectory,
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--replication-port", ReplicationPort.ToString(CultureInfo.InvariantCulture),
            "--http-port", HttpPort.ToString(CultureInfo.InvariantCulture), "--etcd-endpoints", etcd, "--lease-ttl-seconds", "1",
            "--heartbeat-seconds", "1", .. extraArgs, .. NextStartArgs])
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
        using var kill = Process.Start("kill", ["-" + signal, _process!.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit(10_000);
    }

    /// <summary>The epochs this node has become primary of, in order (from its log).</summary>
    public List<long> PrimaryEpochs()
    {
        var epochs = new List<long>();
        foreach (var line in _lines)
        {
            if (PrimaryLine().Match(line) is { Success: true } m)
            {
                epochs.Add(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        }

        return epochs;
    }

    /// <summary>The journal's last sequence when the node became primary of <paramref name="epoch"/> (its LeaderEpoch command is the next).</summary>
    public long PromotedAtSequence(long epoch)
    {
        foreach (var line in _lines)
        {
            if (PrimaryLine().Match(line) is { Success: true } m && long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == epoch)
            {
                return long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"node {Id} never became primary of epoch {epoch}");
    }

    /// <summary>True once the node logged its ready line after becoming primary of <paramref name="epoch"/>.</summary>
    public bool IsOpenAsPrimaryOf(long epoch)
    {
        var seen = false;
        foreach (var line in _lines)
        {
            if (PrimaryLine().Match(line) is { Success: true } m)
            {
                seen = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) == epoch;
            }
            else if (seen && line.Contains("Exchange ready on", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
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
                throw new TimeoutException($"node {Id} did not log \"{text}\" within {timeout.TotalSeconds} s; its log:\n{string.Join('\n', _lines.TakeLast(60))}");
            }

            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"node \d+ is the PRIMARY of epoch (\d+) from sequence (\d+)")]
    private static partial Regex PrimaryLine();

    public void Dispose()
    {
        if (_process is { } process)
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
