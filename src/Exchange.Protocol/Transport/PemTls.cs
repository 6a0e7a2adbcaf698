using System.Security.Cryptography.X509Certificates;

namespace Exchange.Protocol.Transport;

/// <summary>
/// TLS material from PEM files, read one way by every end that speaks TLS (the gateway, the SDK, the
/// replication link, the etcd client): a certificate with its key in a form the platform's TLS can use,
/// a file of authorities, and a chain policy that trusts those authorities and nothing else.
/// </summary>
public static class PemTls
{
    /// <summary>
    /// A certificate (its chain may follow it in the file) with its private key. A key read from PEM is
    /// ephemeral; SslStream wants one it can hand to the platform, so the pair goes through PKCS#12 once.
    /// </summary>
    public static X509Certificate2 LoadCertificate(string certificateFile, string? keyFile)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Every certificate of a PEM file: the authorities a peer's certificate must chain to.</summary>
    public static X509Certificate2Collection LoadAuthorities(string file)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(file);
        return roots;
    }

    /// <summary>A chain policy that trusts <paramref name="roots"/> alone (not the system's), without revocation checks.</summary>
    public static X509ChainPolicy TrustOnly(X509Certificate2Collection roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }
}
