using System.Net;
using Exchange.Engine;
using Exchange.Replication;
using Microsoft.Extensions.Logging.Abstractions;

namespace Exchange.LatencyHarness;

/// <summary>
/// The in-process pipeline a run loads: alone, or (replicated) as a sync-replicated primary with one hot
/// standby in this process, linked over loopback TCP, whose data folder starts as a copy of the primary's.
/// </summary>
internal sealed class PipelineUnderTest : IDisposable
{
    private readonly Replicator? _replicator;
    private readonly ExchangeEngine? _standby;
    private readonly StandbyFollower? _follower;
    private readonly string? _standbyDirectory;

    private PipelineUnderTest(ExchangeEngine engine, Replicator? replicator = null, ExchangeEngine? standby = null, StandbyFollower? follower = null, string? standbyDirectory = null)
    {
        Engine = engine;
        _replicator = replicator;
        _standby = standby;
        _follower = follower;
        _standbyDirectory = standbyDirectory;
    }

    public ExchangeEngine Engine { get; }

    public static PipelineUnderTest Start(EngineOptions options, bool replicated, IEventSink sink)
    {
        if (!replicated)
        {
            return new PipelineUnderTest(ExchangeEngine.Start(options, NullLogger.Instance, sink));
        }

        var standbyDirectory = options.DataDirectory + "-standby";
        CopyFolder(options.DataDirectory, standbyDirectory);
        var replication = new ReplicationOptions { NodeId = 1, Listen = new IPEndPoint(IPAddress.Loopback, 0), Mode = ReplicationMode.SyncReplicated };
        var replicator = new Replicator(replication, options.JournalDirectory, NullLogger.Instance);
        var engine = ExchangeEngine.Start(options with { Replica = true, CommitObserver = replicator }, NullLogger.Instance, sink);
        replicator.Activate(new AlwaysLeader(), engine.JournalChain.Sequence);
        var standby = ExchangeEngine.Start(options with { DataDirectory = standbyDirectory, Replica = true }, NullLogger.Instance);
        var leader = new LeaderInfo(1, 1, $"127.0.0.1:{replicator.Port}", "");
        var follower = new StandbyFollower(2, standby, Path.Combine(standbyDirectory, "journal"), () => leader, replication with { NodeId = 2 }, NullLogger.Instance);
        follower.Start();
        engine.Promote();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (replicator.ConnectedStandbys == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }

        return new PipelineUnderTest(engine, replicator, standby, follower, standbyDirectory);
    }

    internal static void CopyFolder(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }

    public void Dispose()
    {
        Engine.Dispose(); // first: its last commit still waits for the standby
        _follower?.Dispose();
        _standby?.Dispose();
        _replicator?.Dispose();
        if (_standbyDirectory is not null)
        {
            try
            {
                Directory.Delete(_standbyDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A leadership that never lapses: the harness measures replication, not etcd.</summary>
    internal sealed class AlwaysLeader : ILeadership
    {
        public long Epoch => 1;

        public bool HoldsLease => true;
    }
}
