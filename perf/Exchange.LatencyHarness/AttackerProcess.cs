using System.Diagnostics;
using System.Globalization;

namespace Exchange.LatencyHarness;

/// <summary>
/// One attack run as a child process of the harness (its hidden <c>attack</c> command), so that the
/// attacker's own CPU can be put below the exchange's: at idle priority (nice 19) it gets only the
/// cycles the exchange and the honest client leave, as an attacker on another machine would cost
/// this one nothing but its traffic. The child attacks until its standard input closes, then prints
/// how much it did.
/// </summary>
internal sealed class AttackerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AttackerProcess(Process process) => _process = process;

    public static AttackerProcess Start(string kind, AbuseAttacks.Target target, bool idlePriority)
    {
        // This process may be the harness's own executable, or "dotnet" running it, or a test host that
        // loaded it: in the last two cases start "dotnet <harness.dll>".
        var harness = typeof(AttackerProcess).Assembly.Location;
        var self = Environment.ProcessPath;
        var direct = self is not null && Path.GetFileNameWithoutExtension(self) == Path.GetFileNameWithoutExtension(harness);
        var info = new ProcessStartInfo(direct ? self! : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (!direct)
        {
            info.ArgumentList.Add(harness);
        }

        foreach (var arg in new[]
        {
            "attack", kind, "--port", Invariant(target.Port), "--first-account", Invariant(target.Account), "--secret", target.Secret,
            "--instrument", Invariant(target.Instrument), "--mid-price", Invariant(target.MidPrice),
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the attacker process");
        if (idlePriority)
        {
            process.PriorityClass = ProcessPriorityClass.Idle;
        }

        return new AttackerProcess(process);
    }

    /// <summary>Tells the child to stop and returns what it reported it did (its last line), or why it said nothing.</summary>
    public async Task<string> StopAsync()
    {
        _process.StandardInput.Close();
        var report = await _process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        var lines = report.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 0 ? lines[^1] : $"no report (exit code {_process.ExitCode})";
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The child's side: attacks until standard input closes, then prints the count.</summary>
    public static async Task<int> RunChildAsync(string kind, AbuseAttacks.Target target, TextWriter output)
    {
        using var stop = new CancellationTokenSource();
        var done = new AbuseAttacks.Counter();
        var watch = Stopwatch.StartNew();
        var attack = Task.Run(() => AbuseAttacks.RunAsync(kind, target, done, stop.Token));
        await Task.Run(() => Console.In.ReadToEnd()).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await attack.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{done.Count / watch.Elapsed.TotalSeconds:N0}/s")).ConfigureAwait(false);
        return HarnessCommand.Ok;
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
