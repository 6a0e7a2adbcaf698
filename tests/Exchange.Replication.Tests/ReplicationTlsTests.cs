using System.Net;
using Exchange.Testing;

namespace Exchange.Replication.Tests;

/// <summary>
/// The replication link over mutual TLS, with certificates the test makes: a standby with a certificate of
/// the cluster's authority holds the same journal bytes and state; a node without one, or one that does not
/// trust the primary's, never receives a batch.
/// </summary>
public sealed class ReplicationTlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    private ReplicationOptions Primary() => new()
    {
        NodeId = 1, Listen = new IPEndPoint(IPAddress.Loopback, 0), PeerTimeout = TimeSpan.FromSeconds(30),
        Tls = ReplicationTls.FromPemFiles(_certificates.ServerCertificateFile, _certificates.ServerKeyFile, _certificates.CaFile),
    };

    [Fact]
    public async Task A_standby_with_a_certificate_of_the_cluster_replicates_over_mutual_TLS()
    {
        using var pair = new ReplicaPair(Primary());
        var (standby, _) = pair.StartStandby(pair.Folder("standby"), options: pair.Options with
        {
            Tls = ReplicationTls.FromPemFiles(_certificates.ClientCertificateFile, _certificates.ClientKeyFile, _certificates.CaFile),
        });
        foreach (var command in RandomCommands.Setup().Concat(RandomCommands.FromSeed(5, 1_000)))
        {
            pair.Submit(command);
        }

        await pair.WaitCaughtUpAsync(standby);
        Assert.Equal(pair.Primary.JournalChain, standby.JournalChain);
        var hashes = await Task.WhenAll(pair.Primary.QueryAsync(e => e.StateHash()), standby.QueryAsync(e => e.StateHash()));
        Assert.Equal(hashes[0], hashes[1]);
    }

    [Fact]
    public async Task A_node_without_a_certificate_of_the_cluster_gets_nothing()
    {
        using var pair = new ReplicaPair(Primary() with { Mode = ReplicationMode.AsyncReplicated });
        var (plain, _) = pair.StartStandby(pair.Folder("plain"), nodeId: 2, options: pair.Options with { Tls = null });
        foreach (var command in RandomCommands.Setup())
        {
            pair.Submit(command);
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!pair.Log.Lines.Any(l => l.Contains("TLS failed", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the primary never refused the plain connection: " + pair.Log);
            await Task.Delay(50);
        }

        Assert.True(pair.Primary.JournalChain.Sequence > 0);
        Assert.Equal(0, plain.JournalChain.Sequence); // not one batch crossed
    }
}
