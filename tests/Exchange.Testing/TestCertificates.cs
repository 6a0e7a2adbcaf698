using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Exchange.Testing;

/// <summary>
/// A private certificate authority made by the tests themselves, with a server certificate for
/// localhost/127.0.0.1 and a client certificate it issued, written as PEM files to a folder of their own:
/// what an operator's own CA would hand out (docs/operations.md says how). Deleted on dispose.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        Directory.CreateDirectory(Folder);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Exchange test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(CaFile, ca.ExportCertificatePem());

        Issue(ca, "CN=localhost", server: true, ServerCertificateFile, ServerKeyFile);
        Issue(ca, "CN=exchange test client", server: false, ClientCertificateFile, ClientKeyFile);

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256); // a CA that issued nothing here: trusting it alone must fail
        using var other = new CertificateRequest("CN=Some other CA", otherKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(OtherCaFile, other.ExportCertificatePem());
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "exchange-test-certificates-" + Guid.NewGuid().ToString("N"));

    public string CaFile => Path.Combine(Folder, "ca.pem");

    public string OtherCaFile => Path.Combine(Folder, "other-ca.pem");

    public string ServerCertificateFile => Path.Combine(Folder, "server.pem");

    public string ServerKeyFile => Path.Combine(Folder, "server.key");

    public string ClientCertificateFile => Path.Combine(Folder, "client.pem");

    public string ClientKeyFile => Path.Combine(Folder, "client.key");

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private static void Issue(X509Certificate2 ca, string subject, bool server, string certificateFile, string keyFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [server ? new Oid("1.3.6.1.5.5.7.3.1") : new Oid("1.3.6.1.5.5.7.3.2")], false)); // server or client authentication
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        File.WriteAllText(certificateFile, issued.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
    }
}
