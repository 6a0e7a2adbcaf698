using System.Net;
using Exchange.Engine;
using Exchange.Gateway;
using Exchange.Journal;
using Exchange.Replication;
using Microsoft.Extensions.Logging;

namespace Exchange.Server.Hosting;

/// <summary>
/// Cluster mode (<see cref="ServerSettings.NodeId"/> &gt; 0; docs/replication.md): the node starts as a hot
/// standby — its engine takes only what the leader replicates, its gateway stays closed — and publishes its
/// journal position in etcd. When the leader's lease lapses, the most up-to-date standby campaigns; the
/// winner stops following, lets its engine finish what it received, becomes the primary (its first command
/// journals the new epoch) and opens its gateway. A journal that holds batches the leader's history does not
/// is cut back (kept aside) and the standby starts again. Losing the lease ends the process with
/// <see cref="ServerExitCodes.Fenced"/>, and <c>exchange-server</c> restarts itself as a standby.
/// </summary>
internal sealed partial class ExchangeService
{
    private readonly CancellationTokenSource _clusterStop = new();
    private Task? _cluster;
    private EtcdCoordinator? _coordinator;
    private Replicator? _replicator;

    /// <summary>"primary", "standby" or "single" (no cluster), for the health endpoint and tests.</summary>
    public string Role { get; private set; } = "single";

    private async Task RunClusterAsync(ServerSettings s, EngineOptions options, GatewayOptions gatewayOptions)
    {
        var token = _clusterStop.Token;
        var log = loggers?.CreateLogger("Exchange.Replication") ?? logger;
        try
        {
            _coordinator = await EtcdCoordinator.ConnectAsync(new EtcdOptions
            {
                Endpoints = s.EtcdEndpoints, Cluster = s.ClusterName, NodeId = s.NodeId, LeaseTtlSeconds = s.LeaseTtlSeconds,
                Tls = string.IsNullOrEmpty(s.EtcdTlsCaFile) ? null
                    : new EtcdTls(s.EtcdTlsCaFile) { CertificateFile = NullIfEmpty(s.EtcdTlsCertificateFile), KeyFile = NullIfEmpty(s.EtcdTlsKeyFile) },
            }, log, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Grpc.Core.RpcException or HttpRequestException or IOException or System.Security.Cryptography.CryptographicException)
        {
            ClusterFailed(logger, $"etcd at {s.EtcdEndpoints} cannot be reached: {ex.Message}");
            ExitCode = ServerExitCodes.Coordination;
            lifetime?.StopApplication();
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        _coordinator.LeaseLost += OnLeaseLost;
        var ttl = _coordinator.LeaseTtl;
        var replication = new ReplicationOptions
        {
            NodeId = s.NodeId,
            Listen = new IPEndPoint(IPAddress.Parse(s.Address), s.ReplicationPort),
            Mode = Enum.Parse<ReplicationMode>(s.Replication, ignoreCase: true),
            Quorum = s.ReplicationQuorum,
            LinkLoss = Enum.Parse<LinkLossPolicy>(s.ReplicationLinkLoss, ignoreCase: true),
            DegradeAfter = TimeSpan.FromMilliseconds(s.ReplicationDegradeAfterMilliseconds),
            PeerTimeout = TimeSpan.FromSeconds(Math.Max(2, ttl.TotalSeconds * 2)),
            BacklogBytes = (int)Math.Min(1L << 30, s.ReplicationBacklogMegabytes * 1024L * 1024),
            SnapshotCatchUpCommands = s.ReplicationSnapshotCatchUpCommands,
            Tls = string.IsNullOrEmpty(s.ReplicationTlsCertificateFile) ? null
                : ReplicationTls.FromPemFiles(s.ReplicationTlsCertificateFile, s.ReplicationTlsKeyFile, s.ReplicationTlsCaFile),
        };
        _replicator = new Replicator(replication, options.JournalDirectory, log, meters, options.SnapshotDirectory);
        var clusterOptions = options with { Replica = true, CommitObserver = _replicator };
        _configuredCredentials = HashConfiguredSecrets(s);
        try
        {
            Sinks sinks;
            bool emptyJournal;
            while (true)
            {
                Role = "standby";
                sinks = NewSinks(s, gatewayOptions);
                _engine = StartEngine(clusterOptions, sinks, loggers?.CreateLogger("Exchange.Engine") ?? logger);
                StandbyStarted(logger, s.NodeId, _engine.JournalChain.Sequence, s.EtcdEndpoints);
                StandbyRestart? restart;
                using (var follower = new StandbyFollower(s.NodeId, _engine, options.JournalDirectory, () => _coordinator.Leader, replication, log, meters,
                    options.SnapshotDirectory))
                {
                    follower.Start();
                    restart = await StandbyUntilElectedAsync(s, follower, ttl, token).ConfigureAwait(false);
                }

                if (restart is null)
                {
                    break; // elected
                }

                _engine.Dispose();
                if (restart.CutAfter is { } sequence)
                {
                    var cut = JournalSuffix.CutAfter(options.JournalDirectory, options.SnapshotDirectory, sequence);
                    SuffixCut(logger, sequence, cut.Bytes, string.Join(", ", cut.KeptFiles));
                }
                else
                {
                    var aside = JournalReplacement.ReplaceWithSnapshot(options.JournalDirectory, options.SnapshotDirectory, restart.Snapshot!);
                    HistoryReplaced(logger, Path.GetFileName(restart.Snapshot!), aside);
                }
            }

            // Elected: the follower has stopped; what it handed the engine is processed before anything new.
            emptyJournal = _engine.JournalChain.Sequence == 0;
            var tookOverAt = _engine.JournalChain.Sequence;
            _replicator.Activate(_coordinator, _engine.JournalChain.Sequence);
            _engine.Promote();
            _engine.Submit(Core.Commands.Command.LeaderEpoch(_coordinator.Epoch, s.NodeId));
            Role = "primary";
            Promoted(logger, s.NodeId, _coordinator.Epoch, tookOverAt, $"{s.Address}:{_replicator.Port}");
            await OpenAsync(s, options, gatewayOptions, sinks, emptyJournal, "took over at", tookOverAt, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is StartupException or IOException or InvalidDataException or JournalCorruptException or Grpc.Core.RpcException)
        {
            ClusterFailed(logger, ex.Message);
            ExitCode = ex is StartupException startup ? startup.ExitCode : ServerExitCodes.DataFolder;
            lifetime?.StopApplication();
        }
    }

    /// <summary>Why a standby stops following to start its engine again: its journal must be cut after a sequence, or replaced by the primary's snapshot.</summary>
    private sealed record StandbyRestart(long? CutAfter, string? Snapshot);

    /// <summary>Follows until this node wins an election (null) or must start again (<see cref="StandbyRestart"/>).</summary>
    private async Task<StandbyRestart?> StandbyUntilElectedAsync(ServerSettings s, StandbyFollower follower, TimeSpan ttl, CancellationToken token)
    {
        var coordinator = _coordinator!;
        long published = -1;
        while (true)
        {
            token.ThrowIfCancellationRequested();
            if (_engine!.Fault is { } fault)
            {
                throw new StartupException(ServerExitCodes.EngineFailed, $"the standby's engine failed: {fault.Message}", fault);
            }

            if (follower.CutNeeded.IsCompleted)
            {
                return new StandbyRestart(await follower.CutNeeded.ConfigureAwait(false), null);
            }

            if (follower.SnapshotArrived.IsCompleted)
            {
                return new StandbyRestart(null, await follower.SnapshotArrived.ConfigureAwait(false));
            }

            var position = _engine!.JournalChain.Sequence;
            try
            {
                if (position != published)
                {
                    await coordinator.PublishPositionAsync(position, token).ConfigureAwait(false);
                    published = position;
                }

                if (coordinator.Leader is null && coordinator.LeaderlessFor is { } leaderless)
                {
                    var positions = await coordinator.PositionsAsync(token).ConfigureAwait(false);
                    if (Election.ShouldCampaign(s.NodeId, position, positions, leaderless, grace: ttl * 3)
                        && await coordinator.TryCampaignAsync(s.ReplicationAdvertise.Length > 0 ? s.ReplicationAdvertise : $"{s.Address}:{s.ReplicationPort}", $"{s.Address}:{s.Port}", token).ConfigureAwait(false))
                    {
                        return null;
                    }
                }
            }
            catch (Grpc.Core.RpcException ex)
            {
                ClusterWarning(logger, $"etcd: {ex.Status.Detail}");
            }

            await Task.Delay(20, token).ConfigureAwait(false);
        }
    }

    /// <summary>The lease is gone: whatever this node was, it stops (a primary acknowledges nothing more) and the process restarts as a standby.</summary>
    private void OnLeaseLost()
    {
        ExitCode = ServerExitCodes.Fenced;
        Volatile.Write(ref _ready, 0);
        lifetime?.StopApplication();
    }

    /// <summary>Ends the standby phase (or waits for the promotion under way to finish).</summary>
    private async Task StopClusterTaskAsync()
    {
        if (_cluster is null)
        {
            return;
        }

        await _clusterStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _cluster.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void DisposeClusterResources()
    {
        _replicator?.Dispose();
        _coordinator?.Dispose();
    }

    [LoggerMessage(210, LogLevel.Information, "Cluster: node {Node} is a hot standby (journal at sequence {Sequence}), following the leader named in etcd at {Etcd}")]
    private static partial void StandbyStarted(ILogger logger, long node, long sequence, string etcd);

    [LoggerMessage(211, LogLevel.Warning, "Cluster: node {Node} is the PRIMARY of epoch {Epoch} from sequence {Sequence}; standbys connect to {Replication}")]
    private static partial void Promoted(ILogger logger, long node, long epoch, long sequence, string replication);

    [LoggerMessage(215, LogLevel.Warning, "Cluster: installed the primary's snapshot {Snapshot} in place of this node's history; the old journal and snapshots were moved, whole, to {Aside}")]
    private static partial void HistoryReplaced(ILogger logger, string snapshot, string aside);

    [LoggerMessage(212, LogLevel.Warning, "Cluster: cut this journal back to sequence {Sequence} to follow the leader's history; {Bytes} bytes kept aside in {Kept}")]
    private static partial void SuffixCut(ILogger logger, long sequence, long bytes, string kept);

    [LoggerMessage(213, LogLevel.Critical, "Cluster: {Reason}")]
    private static partial void ClusterFailed(ILogger logger, string reason);

    [LoggerMessage(214, LogLevel.Warning, "Cluster: {Reason}")]
    private static partial void ClusterWarning(ILogger logger, string reason);

    private static string? NullIfEmpty(string text) => string.IsNullOrEmpty(text) ? null : text;
}
