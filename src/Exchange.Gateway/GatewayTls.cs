using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Exchange.Protocol.Transport;

namespace Exchange.Gateway;

/// <summary>
/// TLS on the trading port: secrets and orders no longer cross the network in clear. TLS 1.2 or 1.3
/// only; with <see cref="ClientAuthorities"/> every client must also present a certificate issued by one
/// of them (mutual TLS), checked against those roots alone. Plain TCP stays the default for loopback and
/// benchmarks.
/// </summary>
/// <param name="Certificate">The server's certificate with its private key.</param>
public sealed record GatewayTls(X509Certificate2 Certificate)
{
    /// <summary>Roots of the client certificates accepted; null: clients present none.</summary>
    public X509Certificate2Collection? ClientAuthorities { get; init; }

    /// <summary>
    /// Reads the certificate (and its chain after it) and the private key from PEM files, and the client
    /// roots from a PEM file of one or more certificates.
    /// </summary>
    public static GatewayTls FromPemFiles(string certificateFile, string keyFile, string? clientAuthoritiesFile = null)
    {
        return new GatewayTls(PemTls.LoadCertificate(certificateFile, keyFile))
        {
            ClientAuthorities = clientAuthoritiesFile is null ? null : PemTls.LoadAuthorities(clientAuthoritiesFile),
        };
    }

    /// <summary>The handshake's settings for one connection.</summary>
    internal SslServerAuthenticationOptions ServerOptions()
    {
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificate = Certificate,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateRequired = ClientAuthorities is not null,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (ClientAuthorities is { } roots)
        {
            options.CertificateChainPolicy = PemTls.TrustOnly(roots);
        }

        return options;
    }
}
