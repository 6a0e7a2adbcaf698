using System.Net.Sockets;
using Exchange.Engine;
using Exchange.Journal;
using Exchange.Journal.Format;
using Microsoft.Extensions.Logging;

namespace Exchange.Replication;

/// <summary>
/// A standby's side of replication: follows whichever node the coordination service names as leader,
/// agrees with it where their journals part, and then writes each batch it receives into the standby's
/// engine (<see cref="ExchangeEngine.ApplyReplicated"/>: journaled byte for byte, made durable, then
/// processed), acknowledging each once durable. Refuses a stream from an epoch older than the newest it
/// has seen. When the journals part before this journal's end, it stops and reports where to cut
/// (<see cref="CutNeeded"/>): the owner stops the engine, cuts the suffix aside and starts again; when
/// the primary sends a snapshot instead (this node is far behind), it stops and hands it over
/// (<see cref="SnapshotArrived"/>) for the owner to install in place of the history.
/// </summary>
public sealed class StandbyFollower : IDisposable
{
    private readonly long _nodeId;
    private readonly ExchangeEngine _engine;
    private readonly string _journalDirectory;
    private readonly Func<LeaderInfo?> _leader;
    private readonly ReplicationOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<long> _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _snapshot = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string? _snapshotDirectory;
    private Thread? _thread;
    private FrameLink? _link;
    private long _knownEpoch;
    private long _primaryCommitted;
    private int _connected;
    private int _disposed;

    /// <param name="nodeId">This node's id (it never follows itself).</param>
    /// <param name="engine">The standby's engine, started as a replica.</param>
    /// <param name="journalDirectory">The engine's journal, for the handshake's boundaries.</param>
    /// <param name="leader">Who leads now, as the coordination service says.</param>
    /// <param name="options">The node's replication settings.</param>
    /// <param name="logger">Where the link's life is logged.</param>
    /// <param name="meters">The host's meters (null: no instruments).</param>
    /// <param name="snapshotDirectory">Where a snapshot the primary sends is received (null: this standby says in its Hello that it takes none, and is always sent the journal).</param>
    public StandbyFollower(long nodeId, ExchangeEngine engine, string journalDirectory, Func<LeaderInfo?> leader, ReplicationOptions options, ILogger logger,
        System.Diagnostics.Metrics.IMeterFactory? meters = null, string? snapshotDirectory = null)
    {
        _snapshotDirectory = snapshotDirectory;
        _nodeId = nodeId;
        _engine = engine;
        _journalDirectory = journalDirectory;
        _leader = leader;
        _options = options;
        _logger = logger;
        if (meters is not null)
        {
            ReplicationMetrics.ObserveStandby(meters.Create(new System.Diagnostics.Metrics.MeterOptions(ReplicationMetrics.MeterName)), this);
        }
    }

    /// <summary>Completes with the sequence to cut after when this journal holds batches the leader's history does not.</summary>
    public Task<long> CutNeeded => _cut.Task;

    /// <summary>
    /// Completes with the path of a snapshot the primary sent because this node was too far behind: the
    /// owner stops the engine, installs it in place of the history (<see cref="Journal.JournalReplacement"/>) and starts again.
    /// </summary>
    public Task<string> SnapshotArrived => _snapshot.Task;

    /// <summary>Commands the primary has committed that this standby does not yet hold (as of its last heartbeat or batch).</summary>
    public long Lag => Math.Max(0, Volatile.Read(ref _primaryCommitted) - _engine.JournalChain.Sequence);

    public bool IsConnected => Volatile.Read(ref _connected) == 1;

    /// <summary>The newest epoch this standby has followed: a stream from an older one is refused.</summary>
    public long KnownEpoch => Volatile.Read(ref _knownEpoch);

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "standby-follower" };
        _thread.Start();
    }

    private void Run()
    {
        while (!_stopping.IsCancellationRequested && !_cut.Task.IsCompleted && !_snapshot.Task.IsCompleted)
        {
            var leader = _leader();
            if (leader is null || leader.NodeId == _nodeId || leader.Epoch < KnownEpoch)
            {
                _stopping.Token.WaitHandle.WaitOne(50);
                continue;
            }

            Volatile.Write(ref _knownEpoch, leader.Epoch);
            var reason = "closed by the primary";
            try
            {
                Follow(leader);
            }
            catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or ReplicationProtocolException or InvalidDataException
                or JournalCorruptException or InvalidOperationException)
            {
                reason = ex.Message;
            }
            finally
            {
                Volatile.Write(ref _connected, 0);
                Interlocked.Exchange(ref _link, null)?.Dispose();
            }

            if (!_stopping.IsCancellationRequested)
            {
                ReplicationLog.FollowEnded(_logger, leader.ReplicationEndpoint, reason);
                _stopping.Token.WaitHandle.WaitOne(50);
            }
        }
    }

    private void Follow(LeaderInfo leader)
    {
        var (host, port) = Endpoint(leader.ReplicationEndpoint);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
        {
            connect.CancelAfter(_options.PeerTimeout);
            try
            {
                socket.ConnectAsync(host, port, connect.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                socket.Dispose();
                throw new IOException($"no connection to {leader.ReplicationEndpoint} within {_options.PeerTimeout.TotalSeconds} s");
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        FrameLink link;
        try
        {
            socket.ReceiveTimeout = socket.SendTimeout = (int)_options.PeerTimeout.TotalMilliseconds; // for the handshake
            link = _options.Tls is { } tls ? new FrameLink(socket, tls.AuthenticateAsStandby(socket, host)) { ReadTimeout = _options.PeerTimeout }
                : new FrameLink(socket) { ReadTimeout = _options.PeerTimeout };
            socket.SendTimeout = 0;
        }
        catch (System.Security.Authentication.AuthenticationException ex)
        {
            socket.Dispose();
            throw new IOException($"TLS with the primary at {leader.ReplicationEndpoint} failed: {ex.Message}", ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _link = link;
        var from = Handshake(link, leader);
        if (from < 0)
        {
            return;
        }

        ReplicationLog.Following(_logger, leader.NodeId, leader.Epoch, leader.ReplicationEndpoint, from);
        Volatile.Write(ref _connected, 1);
        while (!_stopping.IsCancellationRequested && link.TryRead(out var type))
        {
            if (_leader() is { } now && now.Epoch > leader.Epoch)
            {
                ReplicationLog.StaleStream(_logger, leader.Epoch, now.Epoch);
                return; // a newer primary leads: stop taking this one's stream
            }

            switch (type)
            {
                case FrameType.Batch:
                    var payload = link.Payload;
                    var batch = BatchFrame.Read(payload);
                    if (batch.Epoch != leader.Epoch)
                    {
                        throw new ReplicationProtocolException($"a batch of epoch {batch.Epoch} on a link of epoch {leader.Epoch}");
                    }

                    _engine.ApplyReplicated(payload[ReplicationProtocol.BatchHeaderSize..], batch.FirstSequence, batch.Count, batch.End);
                    Volatile.Write(ref _primaryCommitted, Math.Max(Volatile.Read(ref _primaryCommitted), batch.End.Sequence));
                    link.SendAck(batch.End.Sequence);
                    break;
                case FrameType.Heartbeat:
                    var (epoch, committed) = ReplicationProtocol.ReadHeartbeat(link.Payload);
                    if (epoch != leader.Epoch)
                    {
                        throw new ReplicationProtocolException($"a heartbeat of epoch {epoch} on a link of epoch {leader.Epoch}");
                    }

                    Volatile.Write(ref _primaryCommitted, committed);
                    link.SendAck(_engine.JournalChain.Sequence);
                    break;
                default:
                    throw new ReplicationProtocolException($"the primary sent {type} while streaming");
            }
        }
    }

    /// <summary>Hello, then Rewind rounds until the journals agree: the first sequence to receive, or -1 (refused, or a cut is needed).</summary>
    private long Handshake(FrameLink link, LeaderInfo leader)
    {
        link.SendHello(_nodeId, leader.Epoch, _engine.JournalChain, takesSnapshots: _snapshotDirectory is not null);
        using var reception = _snapshotDirectory is null ? null : new SnapshotReception(_snapshotDirectory);
        while (link.TryRead(out var type))
        {
            switch (type)
            {
                case FrameType.SnapshotChunk:
                    var (chunkEpoch, kind, offset) = ReplicationProtocol.ReadSnapshotChunk(link.Payload);
                    if (reception is null || chunkEpoch != leader.Epoch)
                    {
                        throw new ReplicationProtocolException(reception is null ? "the primary sent a snapshot to a standby that cannot take one" : $"a snapshot chunk of epoch {chunkEpoch} on a link of epoch {leader.Epoch}");
                    }

                    reception.Write(kind, offset, link.Payload[ReplicationProtocol.SnapshotChunkHeaderSize..]);
                    break;
                case FrameType.SnapshotEnd:
                    var (_, sequence) = ReplicationProtocol.ReadSnapshotEnd(link.Payload);
                    var path = (reception ?? throw new ReplicationProtocolException("a snapshot end without a snapshot")).Complete(sequence);
                    ReplicationLog.SnapshotReceived(_logger, sequence, reception.Bytes);
                    _snapshot.TrySetResult(path);
                    return -1;
                case FrameType.Welcome:
                    var (epoch, from) = ReplicationProtocol.ReadWelcome(link.Payload);
                    if (epoch < KnownEpoch)
                    {
                        ReplicationLog.StaleStream(_logger, epoch, KnownEpoch);
                        link.SendRefused(RefusalReason.StaleEpoch, $"epoch {epoch} is older than {KnownEpoch}");
                        return -1;
                    }

                    var end = _engine.JournalChain.Sequence;
                    if (from <= end)
                    {
                        // The primary agreed on an earlier boundary this node offered after a Rewind: what follows it here is another history.
                        ReplicationLog.MustCut(_logger, from - 1);
                        _cut.TrySetResult(from - 1);
                        return -1;
                    }

                    if (from != end + 1)
                    {
                        throw new ReplicationProtocolException($"the primary offers sequence {from}, this journal ends at {end}");
                    }

                    return from;
                case FrameType.Rewind:
                    var (_, boundary) = ReplicationProtocol.ReadRewind(link.Payload);
                    var mine = JournalHistory.BoundaryAtOrBefore(_journalDirectory, boundary.Sequence)
                        ?? throw new InvalidDataException($"this journal holds no batch boundary at or before {boundary.Sequence}");
                    if (mine == boundary)
                    {
                        ReplicationLog.MustCut(_logger, boundary.Sequence);
                        _cut.TrySetResult(boundary.Sequence);
                        return -1;
                    }

                    var next = mine.Sequence < boundary.Sequence ? mine
                        : JournalHistory.BoundaryAtOrBefore(_journalDirectory, boundary.Sequence - 1)
                            ?? throw new InvalidDataException($"the histories differ at {boundary.Sequence} and this journal holds nothing before it");
                    link.SendHello(_nodeId, leader.Epoch, next, takesSnapshots: _snapshotDirectory is not null);
                    break;
                case FrameType.Refused:
                    var (reason, message) = ReplicationProtocol.ReadRefused(link.Payload);
                    throw new IOException($"refused by the primary ({reason}): {message}");
                default:
                    throw new ReplicationProtocolException($"the primary sent {type} during the handshake");
            }
        }

        return -1;
    }

    private static (string Host, int Port) Endpoint(string endpoint)
    {
        var colon = endpoint.LastIndexOf(':');
        return colon > 0 && int.TryParse(endpoint.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            ? (endpoint[..colon], port)
            : throw new InvalidDataException($"'{endpoint}' is not host:port");
    }

    /// <summary>Stops following: the link closes, the thread ends; batches already handed to the engine stay queued for it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        Interlocked.Exchange(ref _link, null)?.Dispose();
        if (_thread?.Join(TimeSpan.FromSeconds(10)) != false)
        {
            _stopping.Dispose();
        }
    }
}
