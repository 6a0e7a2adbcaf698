using System.Diagnostics;
using System.Globalization;

namespace Exchange.Testing;

/// <summary>
/// Runs the crash-test child (<c>Exchange.CrashChild</c>, built beside the test assembly) on a data
/// folder for a while, then kills it with SIGKILL, so no shutdown code runs; returns the order
/// acknowledgements it printed (sequence, client order id), each released only once durable.
/// </summary>
public static class CrashChildRun
{
    /// <param name="dataDirectory">The engine's data folder (reused across runs: each run recovers it first).</param>
    /// <param name="seed">Seeds the child's random orders.</param>
    /// <param name="runFor">How long the child trades after it is ready.</param>
    /// <param name="readModels">Also run the gateway's read models, saved with each snapshot, as the server does.</param>
    /// <param name="topology">The engine's pipeline topology (a <c>PipelineTopology</c> name); null: the engine's default.</param>
    /// <exception cref="InvalidOperationException">The child did not get ready within 60 s.</exception>
    public static List<(long Sequence, long ClientOrderId)> RunAndKill(string dataDirectory, int seed, TimeSpan runFor, bool readModels = false, string? topology = null)
    {
        var child = Path.Combine(AppContext.BaseDirectory, "Exchange.CrashChild.dll");
        var arguments = new List<string> { child, dataDirectory, seed.ToString(CultureInfo.InvariantCulture) };
        if (readModels)
        {
            arguments.Add("read-models");
        }

        if (topology is not null)
        {
            arguments.Add("--topology");
            arguments.Add(topology);
        }

        var start = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var acks = new List<(long, long)>();
        using var ready = new ManualResetEventSlim();
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data.StartsWith("ready", StringComparison.Ordinal))
            {
                ready.Set();
                return;
            }

            var parts = e.Data.Split(' ');
            if (parts.Length == 4 && parts[0] == "ack")
            {
                lock (acks)
                {
                    acks.Add((long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture)));
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!ready.Wait(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            lock (errors)
            {
                throw new InvalidOperationException($"the crash child did not start: {errors}");
            }
        }

        Thread.Sleep(runFor);
        process.Kill(); // SIGKILL on Unix: no shutdown code runs
        process.WaitForExit();
        lock (acks)
        {
            return [.. acks];
        }
    }
}
