using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Exchange.LatencyHarness;

/// <summary>A nats-server with JetStream that the events run starts for itself: a free loopback port, a file store in a temporary folder, killed and deleted at the end.</summary>
internal sealed class NatsBroker : IDisposable
{
    private readonly Process _process;
    private readonly string _store;

    private NatsBroker(Process process, string store, int port)
    {
        _process = process;
        _store = store;
        Url = "nats://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
    }

    public string Url { get; }

    public static string? Find()
    {
        foreach (var candidate in (string[])["/usr/sbin/nats-server", "/usr/bin/nats-server", "/usr/local/bin/nats-server"])
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static async Task<NatsBroker> StartAsync(string executable)
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var store = Path.Combine(Path.GetTempPath(), "latency-harness-nats-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-js", "-a", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-sd", store])
        {
            start.ArgumentList.Add(arg);
        }

        var broker = new NatsBroker(Process.Start(start)!, store, port);
        _ = broker._process.StandardOutput.ReadToEndAsync();
        _ = broker._process.StandardError.ReadToEndAsync();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                return broker;
            }
            catch (SocketException) when (attempt < 600 && !broker._process.HasExited)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(30_000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_store, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
