using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Sockets;
using Exchange.Journal.Format;
using Exchange.Journal.Writing;
using Microsoft.Extensions.Logging;

namespace Exchange.Replication;

/// <summary>
/// The primary's side of replication: the engine's commit tap (<see cref="ICommitObserver"/>) and the
/// listener for standbys' links. Each committed batch goes into an in-memory backlog and wakes one
/// sender per standby; in sync-replicated mode the journaller's thread then waits here until a quorum
/// of standbys has acknowledged the batch as durable, so the business logic never acts on a command a
/// failover could lose. The lease is checked before and after: a primary that may have lost it throws
/// <see cref="FencedException"/>, which stops the engine before the batch is processed.
/// </summary>
public sealed class Replicator : ICommitObserver, IDisposable
{
    private readonly ReplicationOptions _options;
    private readonly string _journalDirectory;
    private readonly ILogger _logger;
    private readonly BatchBacklog _backlog;
    private readonly object _linksGate = new();
    private readonly ManualResetEventSlim _ackSignal = new();
    private readonly CancellationTokenSource _stopping = new();
    private StandbyLink[] _links = [];
    private ILeadership? _leadership;
    private TcpListener? _listener;
    private Thread? _acceptor;
    private long _committed;
    private long _quorumAcked;
    private long _newerEpochSeen;
    private int _degraded;

    /// <param name="options">The node's replication settings.</param>
    /// <param name="journalDirectory">This node's journal, read for standbys behind the in-memory backlog.</param>
    /// <param name="logger">Where links, waits and degradations are logged.</param>
    /// <param name="meters">The host's meters (null: no instruments).</param>
    /// <param name="snapshotDirectory">Where this node's snapshots are, for standbys far behind (<see cref="ReplicationOptions.SnapshotCatchUpCommands"/>); null: always the journal.</param>
    public Replicator(ReplicationOptions options, string journalDirectory, ILogger logger, IMeterFactory? meters = null, string? snapshotDirectory = null)
    {
        _options = options;
        _journalDirectory = journalDirectory;
        SnapshotDirectory = snapshotDirectory;
        _logger = logger;
        _backlog = new BatchBacklog(options.BacklogBytes);
        if (meters is not null)
        {
            var meter = meters.Create(new MeterOptions(ReplicationMetrics.MeterName));
            ReplicationMetrics.ObservePrimary(meter, this);
        }
    }

    internal ReplicationOptions Options => _options;

    internal BatchBacklog Backlog => _backlog;

    internal string JournalDirectory => _journalDirectory;

    internal string? SnapshotDirectory { get; }

    internal ILogger Logger => _logger;

    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>The epoch this primary leads under (0 before <see cref="Activate"/>).</summary>
    public long Epoch => _leadership?.Epoch ?? 0;

    /// <summary>The last sequence committed here.</summary>
    public long CommittedSequence => Volatile.Read(ref _committed);

    /// <summary>The highest sequence a quorum of standbys holds durable.</summary>
    public long QuorumAcknowledged => Volatile.Read(ref _quorumAcked);

    /// <summary>Standbys streaming now.</summary>
    public int ConnectedStandbys => Volatile.Read(ref _links).Length;

    /// <summary>True while a sync-replicated primary goes on without its quorum (<see cref="LinkLossPolicy.Degrade"/>).</summary>
    public bool IsDegraded => Volatile.Read(ref _degraded) == 1;

    /// <summary>The port standbys connect to (after <see cref="Activate"/>).</summary>
    public int Port => (_listener?.LocalEndpoint as System.Net.IPEndPoint)?.Port ?? 0;

    /// <summary>Becomes a primary under <paramref name="leadership"/>: starts accepting standbys, from <paramref name="committed"/> on.</summary>
    public void Activate(ILeadership leadership, long committed)
    {
        _leadership = leadership;
        Volatile.Write(ref _committed, committed);
        _listener = new TcpListener(_options.Listen);
        _listener.Start();
        _acceptor = new Thread(Accept) { IsBackground = true, Name = "replication-accept" };
        _acceptor.Start();
        ReplicationLog.Listening(_logger, leadership.Epoch, _listener.LocalEndpoint.ToString() ?? "", _options.Mode, _options.Quorum);
    }

    public void OnWritten(ReadOnlySpan<byte> records, long firstSequence, int count, ChainPoint end)
    {
        var leadership = _leadership ?? throw new FencedException($"sequence {end.Sequence} was committed by a node that is not a primary");
        CheckLeadership(leadership, end.Sequence);
        _backlog.Append(records, firstSequence, count, end);
        Volatile.Write(ref _committed, end.Sequence);
        var links = Volatile.Read(ref _links);
        for (var i = 0; i < links.Length; i++)
        {
            links[i].Wake(); // the standbys receive and fsync while this node fsyncs
        }
    }

    public void OnDurable(ChainPoint end)
    {
        var leadership = _leadership ?? throw new FencedException($"sequence {end.Sequence} was committed by a node that is not a primary");
        if (_options.Mode == ReplicationMode.SyncReplicated && !IsDegraded)
        {
            WaitForQuorum(leadership, end.Sequence);
        }

        CheckLeadership(leadership, end.Sequence); // a pause while waiting may have outlived the lease
    }

    private void CheckLeadership(ILeadership leadership, long sequence)
    {
        if (!leadership.HoldsLease)
        {
            throw new FencedException($"the lease of epoch {leadership.Epoch} may have lapsed before sequence {sequence} was released: this node acknowledges nothing more");
        }

        var newer = Volatile.Read(ref _newerEpochSeen);
        if (newer > leadership.Epoch)
        {
            throw new FencedException($"a standby follows epoch {newer}, newer than this primary's {leadership.Epoch}: this node has been replaced");
        }
    }

    private void WaitForQuorum(ILeadership leadership, long sequence)
    {
        var started = Stopwatch.GetTimestamp();
        var logged = started;
        while (Volatile.Read(ref _quorumAcked) < sequence)
        {
            _ackSignal.Reset();
            if (Volatile.Read(ref _quorumAcked) >= sequence)
            {
                break;
            }

            CheckLeadership(leadership, sequence);
            if (_stopping.IsCancellationRequested)
            {
                throw new OperationCanceledException($"replication stopped while sequence {sequence} waited for its quorum");
            }

            var now = Stopwatch.GetTimestamp();
            var waited = Stopwatch.GetElapsedTime(started, now);
            if (_options.LinkLoss == LinkLossPolicy.Degrade && waited >= _options.DegradeAfter)
            {
                Volatile.Write(ref _degraded, 1);
                ReplicationLog.Degraded(_logger, _options.Quorum, sequence, (long)waited.TotalMilliseconds);
                return;
            }

            if (Stopwatch.GetElapsedTime(logged, now) >= TimeSpan.FromSeconds(1))
            {
                logged = now;
                ReplicationLog.WaitingForQuorum(_logger, _options.Quorum, sequence, (long)waited.TotalMilliseconds);
            }

            _ackSignal.Wait(5);
        }
    }

    /// <summary>A standby's link acknowledged (or left): recompute what a quorum holds.</summary>
    internal void OnAcknowledged()
    {
        var links = Volatile.Read(ref _links);
        Span<long> acked = stackalloc long[Math.Max(1, links.Length)];
        for (var i = 0; i < links.Length; i++)
        {
            acked[i] = links[i].Acknowledged;
        }

        if (links.Length >= _options.Quorum)
        {
            var used = acked[..links.Length];
            used.Sort();
            var quorum = used[links.Length - _options.Quorum]; // the quorum-th highest
            long current;
            while ((current = Volatile.Read(ref _quorumAcked)) < quorum && Interlocked.CompareExchange(ref _quorumAcked, quorum, current) != current)
            {
            }
        }

        if (IsDegraded && Volatile.Read(ref _quorumAcked) >= Volatile.Read(ref _committed))
        {
            Volatile.Write(ref _degraded, 0);
            ReplicationLog.Recovered(_logger, Volatile.Read(ref _quorumAcked));
        }

        _ackSignal.Set();
    }

    /// <summary>A standby announced a newer epoch: this primary has been replaced and must stop acknowledging.</summary>
    internal void OnNewerEpoch(long epoch)
    {
        long current;
        while ((current = Volatile.Read(ref _newerEpochSeen)) < epoch && Interlocked.CompareExchange(ref _newerEpochSeen, epoch, current) != current)
        {
        }

        _ackSignal.Set();
    }

    internal void Add(StandbyLink link)
    {
        lock (_linksGate)
        {
            Volatile.Write(ref _links, [.. _links, link]);
        }

        OnAcknowledged();
    }

    internal void Remove(StandbyLink link)
    {
        lock (_linksGate)
        {
            var kept = new List<StandbyLink>(_links.Length);
            foreach (var l in _links)
            {
                if (!ReferenceEquals(l, link))
                {
                    kept.Add(l);
                }
            }

            Volatile.Write(ref _links, kept.ToArray());
        }

        _ackSignal.Set();
    }

    private void Accept()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = _listener!.AcceptSocket();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            FrameLink link;
            try
            {
                // The handshake has the peer timeout to finish, so a silent connection cannot hold the accept thread.
                socket.ReceiveTimeout = socket.SendTimeout = (int)_options.PeerTimeout.TotalMilliseconds;
                link = _options.Tls is { } tls ? new FrameLink(socket, tls.AuthenticateAsPrimary(socket)) : new FrameLink(socket);
                socket.SendTimeout = 0;
            }
            catch (Exception ex) when (ex is IOException or SocketException or System.Security.Authentication.AuthenticationException)
            {
                ReplicationLog.TlsRefused(_logger, socket.RemoteEndPoint?.ToString() ?? "?", ex.Message);
                socket.Dispose();
                continue;
            }

            new StandbyLink(this, link, _leadership!).Start();
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _listener?.Stop();
        StandbyLink[] links;
        lock (_linksGate)
        {
            links = _links;
            _links = [];
        }

        foreach (var link in links)
        {
            link.Close();
        }

        _ackSignal.Set();
    }
}
