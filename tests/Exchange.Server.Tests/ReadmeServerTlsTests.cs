using System.Globalization;
using Exchange.Client;
using Exchange.Server.Tests.Cluster;
using Exchange.Testing;

namespace Exchange.Server.Tests;

/// <summary>
/// The README's server with its embedded defaults serves TLS with the documented flags and certificates the
/// test makes itself; its ready line says so; the SDK trades over it, and with --tls-client-ca-file only with
/// a client certificate.
/// </summary>
public sealed class ReadmeServerTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();
    private readonly string _data = Path.Combine(Path.GetTempPath(), "exchange-readme-tls-" + Guid.NewGuid().ToString("N"));
    private readonly ServerProcess _server = new();

    public void Dispose()
    {
        _server.Kill();
        _server.Dispose();
        _certificates.Dispose();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_server_serves_TLS_with_the_documented_flags(bool mutual)
    {
        var port = FreePorts.Next();
        string[] args = ["--data-dir", _data, "--port", port.ToString(CultureInfo.InvariantCulture), "--http-port", FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            "--tls-certificate-file", _certificates.ServerCertificateFile, "--tls-key-file", _certificates.ServerKeyFile];
        _server.Start(mutual ? [.. args, "--tls-client-ca-file", _certificates.CaFile] : args);
        await _server.WaitForLogAsync(mutual ? "(mutual TLS, data" : "(TLS, data", TestCluster.Patience);

        var tls = new ClientTls { CaFile = _certificates.CaFile, ServerName = "localhost" };
        if (mutual)
        {
            tls = tls with { CertificateFile = _certificates.ClientCertificateFile, KeyFile = _certificates.ClientKeyFile };
        }

        await using var alice = await ExchangeClient.ConnectAsync(new ClientOptions
        {
            Endpoints = [("127.0.0.1", port)], Account = 1001, Secret = "alice-secret", LastSeenSequence = ExchangeClient.LiveOnly, Tls = tls,
        });
        var btc = await alice.GetInstrumentAsync("BTC-USD").WaitAsync(TestCluster.Patience);
        Assert.Equal("BTC", btc.BaseAsset.Symbol);
    }
}
