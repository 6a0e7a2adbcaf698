using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace Exchange.Testing;

/// <summary>
/// A real nats-server with JetStream (Debian's nats-server; .ci/run installs it) on a free loopback port with a store
/// folder of its own. It can be killed and started again on the same port and store, as a broker restart.
/// </summary>
public sealed class NatsServer : IDisposable
{
    private readonly string _executable;
    private Process? _process;

    private NatsServer(string executable)
    {
        _executable = executable;
        Port = FreePorts.Next();
        Store = Path.Combine(Path.GetTempPath(), "exchange-nats-" + Guid.NewGuid().ToString("N"));
    }

    public int Port { get; }

    public string Store { get; }

    public string Url => $"nats://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts one, or skips the calling test when nats-server is not installed (fails it under CI=true).</summary>
    public static async Task<NatsServer> StartAsync()
    {
        var executable = ExternalTool.Require("nats-server", "apt-get install nats-server", "/usr/sbin/nats-server", "/usr/bin/nats-server", "nats-server");
        var server = new NatsServer(executable);
        try
        {
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts the process (again) on the same port and store, and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(_executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-js", "-a", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-sd", Store])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        _process = process;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>kill -9 of the broker (its store stays).</summary>
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

            process.WaitForExit(30_000);
            process.Dispose();
            _process = null;
        }
    }

    public void Dispose()
    {
        Kill();
        try
        {
            Directory.Delete(Store, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
