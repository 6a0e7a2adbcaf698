using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Exchange.Protocol.Transport;

namespace Exchange.Client;

/// <summary>
/// TLS to the exchange's trading port (<see cref="ClientOptions.Tls"/>): the secret and every order cross
/// the network encrypted, and the server proves who it is. TLS 1.2 or 1.3; the server's certificate is
/// checked against the system's roots, or only against <see cref="CaFile"/>'s (a venue's private CA).
/// </summary>
public sealed record ClientTls
{
    private X509Certificate2Collection? _roots;
    private X509Certificate2? _certificate;

    /// <summary>The name the server's certificate must carry (default: the endpoint's host).</summary>
    public string? ServerName { get; init; }

    /// <summary>A PEM file of the certificate authorities to trust instead of the system's.</summary>
    public string? CaFile { get; init; }

    /// <summary>For mutual TLS: this client's certificate (PEM), with <see cref="KeyFile"/>.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>For mutual TLS: the private key (PEM) of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>The handshake's settings for a connection to <paramref name="host"/> (files read once).</summary>
    internal SslClientAuthenticationOptions Options(string host)
    {
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = ServerName ?? host,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
        if (CaFile is not null)
        {
            _roots ??= PemTls.LoadAuthorities(CaFile);
            options.CertificateChainPolicy = PemTls.TrustOnly(_roots);
        }

        if (CertificateFile is not null)
        {
            _certificate ??= PemTls.LoadCertificate(CertificateFile, KeyFile);
            options.ClientCertificates = [_certificate];
        }

        return options;
    }
}
