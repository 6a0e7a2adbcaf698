using System.Net;
using Exchange.Core.Commands;
using Exchange.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.Replication.Tests;

/// <summary>A leadership the test controls: an epoch and a lease it can take away.</summary>
internal sealed class TestLeadership(long epoch) : ILeadership
{
    public long Epoch { get; } = epoch;

    public volatile bool Holds = true;

    public bool HoldsLease => Holds;
}

/// <summary>
/// A primary engine with its replicator and standbys with their followers, in one process over loopback
/// TCP, each in a folder of its own: the replication stream without etcd.
/// </summary>
internal sealed class ReplicaPair : IDisposable
{
    private readonly List<(ExchangeEngine Engine, StandbyFollower Follower)> _standbys = [];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "exchange-repl-" + Guid.NewGuid().ToString("N"));

    public ReplicaPair(ReplicationOptions? options = null, long epoch = 7, string? primaryFolder = null, Durability durability = Durability.Sync,
        PipelineTopology topology = PipelineTopology.Auto)
    {
        Topology = topology;
        Options = options ?? new ReplicationOptions { NodeId = 1, Listen = new IPEndPoint(IPAddress.Loopback, 0), PeerTimeout = TimeSpan.FromSeconds(30) };
        Leadership = new TestLeadership(epoch);
        PrimaryFolder = primaryFolder ?? Path.Combine(_root, "primary");
        Replicator = new Replicator(Options, Path.Combine(PrimaryFolder, "journal"), Log, snapshotDirectory: Path.Combine(PrimaryFolder, "snapshots"));
        Primary = ExchangeEngine.Start(EngineOptionsFor(PrimaryFolder, durability) with { Replica = true, CommitObserver = Replicator, Topology = topology }, NullLogger.Instance);
        Replicator.Activate(Leadership, Primary.JournalChain.Sequence);
        Primary.Promote();
        var recovered = Primary.JournalChain.Sequence; // read before the submit: the journaller may take the command at once
        Assert.True(Primary.Submit(Command.LeaderEpoch(epoch, 1)));
        _submitted = recovered + 1;
    }

    private long _submitted;

    /// <summary>Submits to the primary and counts it, so <see cref="WaitCaughtUpAsync"/> waits for this command too, not only for what is journaled so far.</summary>
    public void Submit(Command command)
    {
        Assert.True(Primary.Submit(command));
        _submitted++;
    }

    public ReplicationOptions Options { get; }

    /// <summary>What the primary's replicator logged.</summary>
    public ListLogger Log { get; } = new();

    /// <summary>The pipeline topology of every engine of the pair.</summary>
    public PipelineTopology Topology { get; }

    public TestLeadership Leadership { get; }

    public string PrimaryFolder { get; }

    public Replicator Replicator { get; }

    public ExchangeEngine Primary { get; }

    public string Folder(string name) => Path.Combine(_root, name);

    public static EngineOptions EngineOptionsFor(string folder, Durability durability = Durability.Sync) => new()
    {
        DataDirectory = folder,
        Durability = durability,
        TimeTickInterval = TimeSpan.Zero,
        SnapshotOnShutdown = false,
    };

    /// <summary>Starts a standby in <paramref name="folder"/> following this primary.</summary>
    /// <param name="folder">The standby's data folder.</param>
    /// <param name="nodeId">Its node id.</param>
    /// <param name="options">Its replication options, where they differ from the primary's (its own TLS certificate, say).</param>
    public (ExchangeEngine Engine, StandbyFollower Follower) StartStandby(string folder, long nodeId = 2, ReplicationOptions? options = null)
    {
        var engine = ExchangeEngine.Start(EngineOptionsFor(folder) with { Replica = true, Topology = Topology }, NullLogger.Instance);
        var follower = new StandbyFollower(nodeId, engine, Path.Combine(folder, "journal"),
            () => new LeaderInfo(1, Leadership.Epoch, $"127.0.0.1:{Replicator.Port}", ""), (options ?? Options) with { NodeId = nodeId }, NullLogger.Instance);
        follower.Start();
        _standbys.Add((engine, follower));
        return (engine, follower);
    }

    /// <summary>Waits (generously) until <paramref name="standby"/> has journaled and processed everything the primary has.</summary>
    public async Task WaitCaughtUpAsync(ExchangeEngine standby, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (DateTime.UtcNow < deadline)
        {
            var head = Primary.JournalChain;
            if (head.Sequence >= _submitted && Primary.ProcessedSequence == head.Sequence && standby.JournalChain == head && standby.ProcessedSequence == head.Sequence)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"standby at {standby.JournalChain.Sequence} (processed {standby.ProcessedSequence}), primary at {Primary.JournalChain.Sequence}");
    }

    public void Dispose()
    {
        foreach (var (engine, follower) in _standbys)
        {
            follower.Dispose();
            engine.Dispose();
        }

        Replicator.Dispose();
        Primary.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
