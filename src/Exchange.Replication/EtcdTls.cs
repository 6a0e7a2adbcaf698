using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Exchange.Protocol.Transport;

namespace Exchange.Replication;

/// <summary>
/// TLS to etcd (https endpoints): leases and the leader key cross the network encrypted, etcd's certificate
/// checked against <see cref="CaFile"/>'s roots (and its name against the endpoint's host), and this node's
/// certificate presented when etcd asks for client certificates (<c>--client-cert-auth</c>).
/// </summary>
/// <param name="CaFile">A PEM file of the roots etcd's certificate must chain to.</param>
public sealed record EtcdTls(string CaFile)
{
    /// <summary>This node's certificate (PEM) for etcd's client-certificate check, with <see cref="KeyFile"/>.</summary>
    public string? CertificateFile { get; init; }

    /// <summary>The private key (PEM) of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>The HTTP/2 handler the gRPC channels to etcd use.</summary>
    internal SocketsHttpHandler Handler()
    {
        var ssl = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            CertificateChainPolicy = PemTls.TrustOnly(PemTls.LoadAuthorities(CaFile)),
        };
        if (CertificateFile is not null)
        {
            ssl.ClientCertificates = [PemTls.LoadCertificate(CertificateFile, KeyFile)];
        }

        return new SocketsHttpHandler { SslOptions = ssl, EnableMultipleHttp2Connections = true };
    }
}
