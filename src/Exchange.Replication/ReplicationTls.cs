using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Exchange.Protocol.Transport;

namespace Exchange.Replication;

/// <summary>
/// Mutual TLS on the replication link: every node holds a certificate issued by the cluster's authority and
/// checks its peer's against that authority alone, so the journal (every order, every secret's hash) crosses
/// the network encrypted and only nodes of the cluster can join the stream. The peer's name is not checked
/// (a standby reaches the primary at whatever address the leader key names): possession of a certificate of
/// the cluster's authority is the credential.
/// </summary>
/// <param name="Certificate">This node's certificate with its private key (presented as server and as client).</param>
/// <param name="Authorities">The cluster's roots: a peer's certificate must chain to one of them.</param>
public sealed record ReplicationTls(X509Certificate2 Certificate, X509Certificate2Collection Authorities)
{
    /// <summary>Reads this node's certificate and key, and the cluster's roots, from PEM files.</summary>
    public static ReplicationTls FromPemFiles(string certificateFile, string keyFile, string authoritiesFile)
    {
        return new ReplicationTls(PemTls.LoadCertificate(certificateFile, keyFile), PemTls.LoadAuthorities(authoritiesFile));
    }

    /// <summary>The primary's side of a new link: a standby must present a certificate of the cluster.</summary>
    internal SslStream AuthenticateAsPrimary(Socket socket)
    {
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false, Validate);
        try
        {
            tls.AuthenticateAsServer(new SslServerAuthenticationOptions
            {
                ServerCertificate = Certificate,
                ClientCertificateRequired = true,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            });
            return tls;
        }
        catch
        {
            tls.Dispose();
            throw;
        }
    }

    /// <summary>A standby's side: the primary must present a certificate of the cluster; this node presents its own.</summary>
    internal SslStream AuthenticateAsStandby(Socket socket, string host)
    {
        var tls = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false, Validate);
        try
        {
            tls.AuthenticateAsClient(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ClientCertificates = [Certificate],
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            });
            return tls;
        }
        catch
        {
            tls.Dispose();
            throw;
        }
    }

    /// <summary>The peer's certificate chains to one of <see cref="Authorities"/> (and only those); its name is not checked.</summary>
    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain { ChainPolicy = PemTls.TrustOnly(Authorities) };
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var peer = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(peer);
    }
}
