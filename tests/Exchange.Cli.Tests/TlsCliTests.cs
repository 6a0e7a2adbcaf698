using Exchange.Gateway;
using Exchange.IntegrationTests;
using Exchange.Testing;

namespace Exchange.Cli.Tests;

/// <summary>exchange-cli over TLS (--tls, --tls-ca, --tls-server-name) against a real gateway with test certificates.</summary>
public sealed class TlsCliTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    private GatewayOptions Tls() => new()
    {
        HeartbeatInterval = TimeSpan.FromSeconds(5),
        Tls = GatewayTls.FromPemFiles(_certificates.ServerCertificateFile, _certificates.ServerKeyFile),
    };

    [Fact]
    public async Task Exchange_cli_connects_with_tls_and_the_CA_file()
    {
        await using var host = await ExchangeHost.StartAsync(Tls());
        string[] common = ["--port", host.Gateway.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--account", "1", "--secret", "secret-1", "--wait", "10"];
        var output = new StringWriter();
        var error = new StringWriter();
        Assert.Equal(0, CliCommand.Run(["balances", "--tls", "--tls-ca", _certificates.CaFile, "--tls-server-name", "localhost", .. common], output, error));
        Assert.Contains("available", output.ToString(), StringComparison.Ordinal); // the balances table, read over TLS

        var refused = new StringWriter();
        Assert.Equal(2, CliCommand.Run(["balances", "--tls", "--tls-ca", _certificates.OtherCaFile, .. common], new StringWriter(), refused));
        Assert.Contains("TLS with 127.0.0.1", refused.ToString(), StringComparison.Ordinal);
    }

}
