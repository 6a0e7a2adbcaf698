using Exchange.Testing;
using System.Diagnostics;
using System.Net.Sockets;

namespace Exchange.Server.Tests.Cluster;

/// <summary>
/// A real etcd (Debian's etcd-server; .ci/run installs it) on free loopback ports with a data folder of
/// its own, started for one test and killed after it. A short election timeout lets it grant 1 s leases.
/// </summary>
internal sealed class EtcdServer : IDisposable
{
    private readonly Process _process;
    private readonly string _data;

    private EtcdServer(Process process, string data, string endpoint)
    {
        _process = process;
        _data = data;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    private static readonly string[] Candidates = ["/usr/bin/etcd", "/usr/local/bin/etcd"];

    /// <param name="tls">Serve https with these test certificates and require client certificates of their CA (--client-cert-auth).</param>
    public static async Task<EtcdServer> StartAsync(TestCertificates? tls = null)
    {
        var executable = ExternalTool.Require("etcd", "apt-get install etcd-server", [.. Candidates, "etcd"]);
        var data = Path.Combine(Path.GetTempPath(), "exchange-etcd-" + Guid.NewGuid().ToString("N"));
        var client = FreePorts.Next();
        var peer = FreePorts.Next();
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var scheme = tls is null ? "http" : "https";
        string[] tlsArgs = tls is null ? [] : ["--cert-file", tls.ServerCertificateFile, "--key-file", tls.ServerKeyFile, "--trusted-ca-file", tls.CaFile, "--client-cert-auth"];
        foreach (var arg in (string[])["--name", "test", "--data-dir", data,
            "--listen-client-urls", $"{scheme}://127.0.0.1:{client}", "--advertise-client-urls", $"{scheme}://127.0.0.1:{client}",
            "--listen-peer-urls", $"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peer}",
            "--initial-cluster", $"test=http://127.0.0.1:{peer}", "--heartbeat-interval", "50", "--election-timeout", "500", .. tlsArgs])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        var server = new EtcdServer(process, data, $"{scheme}://127.0.0.1:{client}");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", client);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch
            {
                server.Dispose();
                throw;
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
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
