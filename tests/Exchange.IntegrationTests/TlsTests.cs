using System.Security.Authentication;
using Exchange.Client;
using Exchange.Gateway;
using Exchange.Protocol.Orders;
using Exchange.Testing;

namespace Exchange.IntegrationTests;

/// <summary>
/// TLS on the trading port, end to end through the real gateway and the real clients, with certificates
/// the tests make themselves: the SDK and the Python client trade over it (exchange-cli: its TlsCliTests); a certificate from
/// another authority, a plain-TCP client, and (with mutual TLS) a client without a certificate are refused.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private static readonly TimeSpan Patience = ExchangeHost.Patience;
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    private GatewayOptions Tls(bool mutual = false) => new()
    {
        HeartbeatInterval = TimeSpan.FromSeconds(5),
        Tls = GatewayTls.FromPemFiles(_certificates.ServerCertificateFile, _certificates.ServerKeyFile, mutual ? _certificates.CaFile : null),
    };

    private static ClientOptions Client(int port, ClientTls? tls) => new()
    {
        Endpoints = [("127.0.0.1", port)], Account = 1, Secret = "secret-1", LastSeenSequence = ExchangeClient.LiveOnly, Tls = tls,
    };

    [Fact]
    public async Task The_SDK_trades_over_TLS_with_the_venues_CA_and_refuses_a_server_it_cannot_verify()
    {
        await using var host = await ExchangeHost.StartAsync(Tls());
        var port = host.Gateway.Port;
        await using (var client = await ExchangeClient.ConnectAsync(Client(port, new ClientTls { CaFile = _certificates.CaFile, ServerName = "localhost" })))
        {
            var placed = await client.PlaceAsync(NewOrderRequest.Limit(1, 1, Side.Buy, 90, 1)).WaitAsync(Patience);
            Assert.True(placed.IsAccepted);
            Assert.NotEmpty(await client.QueryBalancesAsync(Patience));
        }

        // Another authority's roots, or a name the certificate does not carry: the client refuses the server.
        await Assert.ThrowsAsync<AuthenticationException>(() => ExchangeClient.ConnectAsync(Client(port, new ClientTls { CaFile = _certificates.OtherCaFile })));
        await Assert.ThrowsAsync<AuthenticationException>(() => ExchangeClient.ConnectAsync(Client(port, new ClientTls { CaFile = _certificates.CaFile, ServerName = "exchange.example" })));

        // A plain-TCP client gets no session on a TLS port.
        await Assert.ThrowsAnyAsync<IOException>(() => ExchangeClient.ConnectAsync(Client(port, null)).WaitAsync(Patience));
    }

    [Fact]
    public async Task With_mutual_TLS_only_a_client_with_a_certificate_from_the_CA_gets_in()
    {
        await using var host = await ExchangeHost.StartAsync(Tls(mutual: true));
        var port = host.Gateway.Port;
        var withCertificate = new ClientTls { CaFile = _certificates.CaFile, CertificateFile = _certificates.ClientCertificateFile, KeyFile = _certificates.ClientKeyFile };
        await using (var client = await ExchangeClient.ConnectAsync(Client(port, withCertificate)))
        {
            Assert.True((await client.PlaceAsync(NewOrderRequest.Limit(2, 1, Side.Buy, 90, 1)).WaitAsync(Patience)).IsAccepted);
        }

        var error = await Record.ExceptionAsync(() => ExchangeClient.ConnectAsync(Client(port, new ClientTls { CaFile = _certificates.CaFile })).WaitAsync(Patience));
        Assert.True(error is AuthenticationException or IOException, $"a client without a certificate got: {error?.GetType().Name ?? "in"}");
    }

    [SkippableFact]
    public async Task The_python_client_trades_over_TLS()
    {
        await using var host = await ExchangeHost.StartAsync(Tls());
        var root = Repository.Root();
        var script = $$"""
            import asyncio
            from exchange_client import ExchangeClient, NewOrder, Side, tls_context
            async def main():
                context = tls_context(ca_file={{System.Text.Json.JsonSerializer.Serialize(_certificates.CaFile)}})
                async with await ExchangeClient.connect([("127.0.0.1", {{host.Gateway.Port}})], 1, "secret-1", last_seen=ExchangeClient.LIVE_ONLY, tls=context, tls_server_name="localhost") as client:
                    placed = await client.place(NewOrder.limit(3, 1, Side.BUY, 90, 1), timeout=60)
                    print("accepted" if placed.is_accepted else "rejected")
            asyncio.run(main())
            """;
        var (exit, output) = await ProgramRun.PythonAsync(["-c", script], root, new Dictionary<string, string> { ["PYTHONPATH"] = Path.Combine(root, "clients", "python") });
        Assert.True(exit == 0, output);
        Assert.Contains("accepted", output, StringComparison.Ordinal);
    }
}
