using System.Diagnostics;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace Exchange.Replication;

/// <summary>
/// Leadership through etcd (docs/replication.md, "Leadership"): the node holds one lease, kept alive
/// every third of its TTL; a campaign is a transaction that creates the leader key under that lease only
/// if it does not exist, and the revision that creates it is the epoch (the fencing token). The lease
/// counts as held only until the last confirmed keep-alive's send time plus the TTL, by this process's
/// monotonic clock: a process paused past that (SIGSTOP, a long GC) finds itself not holding it the
/// moment it runs again, before etcd has to tell it. Consensus is etcd's; nothing here votes.
/// </summary>
public sealed partial class EtcdCoordinator : ILeadership, IDisposable
{
    private readonly EtcdOptions _options;
    private readonly ILogger _logger;
    private readonly string[] _endpoints;
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _leaderKey;
    private readonly string _nodesPrefix;
    private GrpcChannel _channel;
    private int _endpoint;
    private long _leaseId;
    private long _ttlSeconds;
    private long _validUntil;
    private long _epoch;
    private int _lost;
    private LeaderInfo? _leader;
    private Task? _keepAlive;
    private Task? _watch;

    private EtcdCoordinator(EtcdOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _endpoints = options.Endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (_endpoints.Length == 0)
        {
            throw new ArgumentException("No etcd endpoint given.", nameof(options));
        }

        _channel = Channel(_endpoints[0]);
        _leaderKey = $"/exchange/{options.Cluster}/leader";
        _nodesPrefix = $"/exchange/{options.Cluster}/nodes/";
    }

    /// <summary>Raised once, on a thread-pool thread, when the lease is known or feared lost.</summary>
    public event Action? LeaseLost;

    /// <summary>The epoch this node leads under (0 unless it won a campaign).</summary>
    public long Epoch => Volatile.Read(ref _epoch);

    /// <summary>The TTL etcd granted.</summary>
    public TimeSpan LeaseTtl => TimeSpan.FromSeconds(Volatile.Read(ref _ttlSeconds));

    public bool HoldsLease => Volatile.Read(ref _lost) == 0 && Stopwatch.GetTimestamp() < Volatile.Read(ref _validUntil);

    /// <summary>The leader as last read from etcd (every 25 ms), or null when none holds the key.</summary>
    public LeaderInfo? Leader => Volatile.Read(ref _leader);

    /// <summary>When the leader key was last seen absent continuously since (null while a leader exists).</summary>
    public TimeSpan? LeaderlessFor => _leaderlessSince is { } since ? Stopwatch.GetElapsedTime(since) : null;

    private long? _leaderlessSince;

    /// <summary>Grants the lease and starts keeping it alive and watching the leader key.</summary>
    /// <exception cref="RpcException">etcd cannot be reached.</exception>
    public static async Task<EtcdCoordinator> ConnectAsync(EtcdOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var coordinator = new EtcdCoordinator(options, logger);
        try
        {
            await coordinator.GrantAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            coordinator.Dispose();
            throw;
        }

        coordinator._keepAlive = Task.Run(coordinator.KeepAliveAsync, CancellationToken.None);
        coordinator._watch = Task.Run(coordinator.WatchLeaderAsync, CancellationToken.None);
        return coordinator;
    }

    private async Task GrantAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var sent = Stopwatch.GetTimestamp();
                var granted = await new Lease.LeaseClient(_channel).LeaseGrantAsync(new LeaseGrantRequest { TTL = _options.LeaseTtlSeconds },
                    deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken).ConfigureAwait(false);
                _leaseId = granted.ID;
                Volatile.Write(ref _ttlSeconds, granted.TTL);
                Volatile.Write(ref _validUntil, sent + (granted.TTL * Stopwatch.Frequency));
                LeaseGranted(_logger, granted.ID, granted.TTL, _endpoints[_endpoint]);
                return;
            }
            catch (RpcException) when (attempt < _endpoints.Length * 3 && !cancellationToken.IsCancellationRequested)
            {
                NextEndpoint();
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A gRPC channel to <paramref name="endpoint"/>, over TLS when the options say so.</summary>
    private GrpcChannel Channel(string endpoint) => _options.Tls is { } tls
        ? GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions { HttpHandler = tls.Handler(), DisposeHttpClient = true })
        : GrpcChannel.ForAddress(endpoint);

    private void NextEndpoint()
    {
        if (_endpoints.Length > 1)
        {
            _endpoint = (_endpoint + 1) % _endpoints.Length;
            _channel = Channel(_endpoints[_endpoint]);
        }
    }

    private async Task KeepAliveAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested && Volatile.Read(ref _lost) == 0)
        {
            try
            {
                using var call = new Lease.LeaseClient(_channel).LeaseKeepAlive(cancellationToken: token);
                while (!token.IsCancellationRequested)
                {
                    var sent = Stopwatch.GetTimestamp();
                    await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = _leaseId }, token).ConfigureAwait(false);
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(token);
                    wait.CancelAfter(LeaseTtl);
                    if (!await call.ResponseStream.MoveNext(wait.Token).ConfigureAwait(false))
                    {
                        break;
                    }

                    var ttl = call.ResponseStream.Current.TTL;
                    if (ttl <= 0)
                    {
                        Lose("etcd says the lease has expired");
                        return;
                    }

                    Volatile.Write(ref _validUntil, sent + (ttl * Stopwatch.Frequency));
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(50, ttl * 1000 / 3)), token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException or IOException or InvalidOperationException)
            {
                KeepAliveFailed(_logger, ex.Message);
                NextEndpoint();
            }

            if (!HoldsLease)
            {
                Lose("no keep-alive was confirmed within the lease's TTL");
                return;
            }

            await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void Lose(string why)
    {
        if (Interlocked.Exchange(ref _lost, 1) == 0)
        {
            LeaseLostLog(_logger, _leaseId, Epoch, why);
            ThreadPool.QueueUserWorkItem(_ => LeaseLost?.Invoke());
        }
    }

    private async Task WatchLeaderAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var range = await new KV.KVClient(_channel).RangeAsync(new RangeRequest { Key = ByteString.CopyFromUtf8(_leaderKey) },
                    deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: token).ConfigureAwait(false);
                var leader = range.Kvs.Count == 0 ? null : LeaderInfo.Decode(range.Kvs[0].Value.ToStringUtf8(), range.Kvs[0].CreateRevision);
                Volatile.Write(ref _leader, leader);
                _leaderlessSince = leader is null ? _leaderlessSince ?? Stopwatch.GetTimestamp() : null;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException)
            {
                NextEndpoint(); // the last leader read stays: a standby keeps following it until etcd answers again
            }

            if (Epoch != 0 && !HoldsLease)
            {
                Lose("the lease's TTL passed without a confirmed keep-alive");
            }

            try
            {
                await Task.Delay(25, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Tries to become the leader: creates the leader key under this node's lease if no one holds it. True and <see cref="Epoch"/> set on success.</summary>
    public async Task<bool> TryCampaignAsync(string replicationEndpoint, string clientEndpoint, CancellationToken cancellationToken)
    {
        if (!HoldsLease)
        {
            return false;
        }

        var value = new LeaderInfo(_options.NodeId, 0, replicationEndpoint, clientEndpoint).Encode();
        var txn = new TxnRequest();
        txn.Compare.Add(new Compare
        {
            Key = ByteString.CopyFromUtf8(_leaderKey),
            Target = Compare.Types.CompareTarget.Create,
            Result = Compare.Types.CompareResult.Equal,
            CreateRevision = 0,
        });
        txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8(_leaderKey), Value = ByteString.CopyFromUtf8(value), Lease = _leaseId } });
        var response = await new KV.KVClient(_channel).TxnAsync(txn, deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.Succeeded)
        {
            return false;
        }

        Volatile.Write(ref _epoch, response.Header.Revision);
        Volatile.Write(ref _leader, new LeaderInfo(_options.NodeId, response.Header.Revision, replicationEndpoint, clientEndpoint));
        Elected(_logger, _options.NodeId, response.Header.Revision);
        return true;
    }

    /// <summary>Publishes this node's journal position under its lease, for the election (<see cref="Election"/>).</summary>
    public async Task PublishPositionAsync(long sequence, CancellationToken cancellationToken)
    {
        await new KV.KVClient(_channel).PutAsync(new PutRequest
        {
            Key = ByteString.CopyFromUtf8(_nodesPrefix + _options.NodeId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Value = ByteString.CopyFromUtf8(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Lease = _leaseId,
        }, deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The live nodes' published journal positions.</summary>
    public async Task<IReadOnlyDictionary<long, long>> PositionsAsync(CancellationToken cancellationToken)
    {
        var prefix = ByteString.CopyFromUtf8(_nodesPrefix);
        var end = prefix.ToByteArray();
        end[^1]++;
        var range = await new KV.KVClient(_channel).RangeAsync(new RangeRequest { Key = prefix, RangeEnd = ByteString.CopyFrom(end) },
            deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken).ConfigureAwait(false);
        var positions = new Dictionary<long, long>();
        foreach (var kv in range.Kvs)
        {
            var key = kv.Key.ToStringUtf8();
            if (long.TryParse(key.AsSpan(_nodesPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var node)
                && long.TryParse(kv.Value.ToStringUtf8(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence))
            {
                positions[node] = sequence;
            }
        }

        return positions;
    }

    /// <summary>Stops keeping the lease alive and revokes it (a clean stop hands leadership over at once, without waiting for the TTL).</summary>
    public void Dispose()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        try
        {
            _keepAlive?.Wait(TimeSpan.FromSeconds(2));
            _watch?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        if (_leaseId != 0 && Volatile.Read(ref _lost) == 0)
        {
            try
            {
                new Lease.LeaseClient(_channel).LeaseRevoke(new LeaseRevokeRequest { ID = _leaseId }, deadline: DateTime.UtcNow.AddSeconds(2));
            }
            catch (RpcException)
            {
                // the lease lapses by itself
            }
        }

        _channel.Dispose();
    }

    [LoggerMessage(20, LogLevel.Information, "etcd: lease {Lease} granted for {Ttl} s by {Endpoint}")]
    private static partial void LeaseGranted(ILogger logger, long lease, long ttl, string endpoint);

    [LoggerMessage(21, LogLevel.Warning, "etcd: keep-alive failed: {Reason}")]
    private static partial void KeepAliveFailed(ILogger logger, string reason);

    [LoggerMessage(22, LogLevel.Error, "FENCED: lease {Lease} (epoch {Epoch}) is lost: {Reason}. This node acknowledges nothing more")]
    private static partial void LeaseLostLog(ILogger logger, long lease, long epoch, string reason);

    [LoggerMessage(23, LogLevel.Warning, "etcd: node {Node} is the leader, epoch {Epoch}")]
    private static partial void Elected(ILogger logger, long node, long epoch);
}
