using Exchange.Replication;
using Exchange.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Server.Tests.Cluster;

/// <summary>
/// The coordinator talks to a real etcd over TLS with client-certificate authentication (certificates the
/// test makes): it is granted a lease with the cluster's CA and its certificate, and refused without one.
/// </summary>
[Collection("Cluster")]
public sealed class EtcdTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    [SkippableFact]
    public async Task A_node_with_a_certificate_of_the_CA_holds_a_lease_over_TLS_and_one_without_is_refused()
    {
        using var etcd = await EtcdServer.StartAsync(_certificates);
        var options = new EtcdOptions
        {
            Endpoints = etcd.Endpoint, NodeId = 1, LeaseTtlSeconds = 2,
            Tls = new EtcdTls(_certificates.CaFile) { CertificateFile = _certificates.ClientCertificateFile, KeyFile = _certificates.ClientKeyFile },
        };
        using (var coordinator = await EtcdCoordinator.ConnectAsync(options, NullLogger.Instance, CancellationToken.None).WaitAsync(TestCluster.Patience))
        {
            Assert.True(coordinator.HoldsLease);
        }

        var refused = await Record.ExceptionAsync(() => EtcdCoordinator.ConnectAsync(options with { Tls = new EtcdTls(_certificates.CaFile) }, NullLogger.Instance, CancellationToken.None)
            .WaitAsync(TestCluster.Patience));
        Assert.NotNull(refused); // no client certificate: etcd closes the handshake
        Assert.StartsWith("https://", etcd.Endpoint, StringComparison.Ordinal);
    }
}
