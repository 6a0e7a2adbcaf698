using System.Diagnostics;
using System.Net.Sockets;
using Exchange.Journal;
using Exchange.Journal.Reading;

namespace Exchange.Replication;

/// <summary>
/// The primary's end of one standby's link: the handshake that finds where the two journals agree, then
/// a sender thread (batches from the backlog, or from the journal when the standby is further behind,
/// and heartbeats when idle) and a reader thread (the standby's acknowledgements).
/// </summary>
#pragma warning disable CA1001 // _wake is a SemaphoreSlim whose wait handle is never asked for: it holds no OS resource to dispose, and the committing thread may still wake it after the link closed
internal sealed class StandbyLink(Replicator owner, FrameLink link, ILeadership leadership)
{
    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _acknowledged;
    private long _node;
    private int _closed;

    /// <summary>The highest sequence this standby holds durable.</summary>
    public long Acknowledged => Volatile.Read(ref _acknowledged);

    public void Start() => new Thread(Run) { IsBackground = true, Name = "replication-link" }.Start();

    /// <summary>A batch was committed (the journaller's thread): wake the sender if it sleeps.</summary>
    public void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // already woken
            }
        }
    }

    private void Run()
    {
        var reason = "closed";
        var joined = false;
        try
        {
            link.ReadTimeout = owner.Options.PeerTimeout;
            var from = Handshake();
            if (from < 0)
            {
                return;
            }

            Volatile.Write(ref _acknowledged, from - 1);
            owner.Add(this);
            joined = true;
            new Thread(() => Send(from)) { IsBackground = true, Name = "replication-send" }.Start();
            while (link.TryRead(out var type))
            {
                if (type != FrameType.Ack)
                {
                    throw new ReplicationProtocolException($"a standby sent {type} where only acknowledgements are expected");
                }

                var acked = ReplicationProtocol.ReadAck(link.Payload);
                if (acked > Volatile.Read(ref _acknowledged))
                {
                    Volatile.Write(ref _acknowledged, acked);
                    owner.OnAcknowledged();
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or ReplicationProtocolException or InvalidDataException or JournalCorruptException)
        {
            reason = ex.Message;
        }
        finally
        {
            Close();
            if (joined)
            {
                owner.Remove(this);
                ReplicationLog.StandbyLeft(owner.Logger, _node, link.Remote, reason);
            }
        }
    }

    /// <summary>Agrees on where to start: the first sequence to send, or -1 when the link was refused.</summary>
    private long Handshake()
    {
        for (var round = 0; round < 100_000; round++)
        {
            if (!link.TryRead(out var type))
            {
                return -1;
            }

            if (type != FrameType.Hello)
            {
                link.SendRefused(RefusalReason.BadFrame, $"expected Hello, got {type}");
                return -1;
            }

            var hello = ReplicationProtocol.ReadHello(link.Payload);
            _node = hello.NodeId;
            if (hello.Version != ReplicationProtocol.Version)
            {
                link.SendRefused(RefusalReason.BadFrame, $"link version {hello.Version} is not {ReplicationProtocol.Version}");
                ReplicationLog.LinkRefused(owner.Logger, link.Remote, $"version {hello.Version}");
                return -1;
            }

            if (hello.Epoch > leadership.Epoch)
            {
                owner.OnNewerEpoch(hello.Epoch);
                link.SendRefused(RefusalReason.StaleEpoch, $"this primary's epoch {leadership.Epoch} is older than {hello.Epoch}");
                ReplicationLog.LinkRefused(owner.Logger, link.Remote, $"standby {hello.NodeId} follows the newer epoch {hello.Epoch}");
                return -1;
            }

            var committed = owner.CommittedSequence;
            if (round == 0 && owner.Options.SnapshotCatchUpCommands > 0 && committed - hello.End.Sequence >= owner.Options.SnapshotCatchUpCommands
                && TrySendSnapshot(hello, committed))
            {
                return -1;
            }

            var mine = JournalHistory.BoundaryAtOrBefore(owner.JournalDirectory, Math.Min(hello.End.Sequence, committed));
            if (mine is not { } boundary)
            {
                // This journal starts after a snapshot (this node caught up by one): the standby needs one too.
                if (!TrySendSnapshot(hello, committed))
                {
                    link.SendRefused(RefusalReason.JournalUnavailable, $"this primary's journal holds no batch boundary at or before {hello.End.Sequence}");
                }

                return -1;
            }

            if (boundary == hello.End)
            {
                link.SendWelcome(leadership.Epoch, hello.End.Sequence + 1);
                ReplicationLog.StandbyJoined(owner.Logger, hello.NodeId, link.Remote, hello.End.Sequence, hello.End.Sequence + 1);
                return hello.End.Sequence + 1;
            }

            if (boundary.Sequence == hello.End.Sequence)
            {
                // Same place, other history: step back one batch.
                if (JournalHistory.BoundaryAtOrBefore(owner.JournalDirectory, boundary.Sequence - 1) is not { } before)
                {
                    if (!TrySendSnapshot(hello, committed))
                    {
                        link.SendRefused(RefusalReason.JournalUnavailable, $"the histories differ at {boundary.Sequence} and this journal holds nothing before it");
                    }

                    return -1;
                }

                boundary = before;
            }

            ReplicationLog.RewindSent(owner.Logger, hello.NodeId, hello.End.Sequence, boundary.Sequence);
            link.SendRewind(leadership.Epoch, boundary);
        }

        return -1;
    }

    /// <summary>Sends the newest snapshot past the standby's end in place of its history (it connects again from the snapshot's sequence); false when there is none.</summary>
    private bool TrySendSnapshot(ReplicationProtocol.Hello hello, long committed)
    {
        if (!hello.TakesSnapshots || owner.SnapshotDirectory is not { } snapshots || SnapshotShipment.TrySend(link, leadership.Epoch, snapshots, hello.End.Sequence) is not { } sent)
        {
            return false;
        }

        ReplicationLog.SnapshotSent(owner.Logger, hello.NodeId, link.Remote, committed - hello.End.Sequence, Path.GetFileName(sent.Path), sent.Bytes);
        return true;
    }

    private void Send(long next)
    {
        var buffer = new byte[1 << 16];
        var backlog = owner.Backlog;
        var lastSent = Stopwatch.GetTimestamp();
        var fromDisk = false;
        try
        {
            while (Volatile.Read(ref _closed) == 0 && !owner.Stopping.IsCancellationRequested)
            {
                if (next > owner.CommittedSequence)
                {
                    if (!_wake.Wait(owner.Options.HeartbeatInterval) && next > owner.CommittedSequence
                        && Stopwatch.GetElapsedTime(lastSent) >= owner.Options.HeartbeatInterval)
                    {
                        link.SendHeartbeat(leadership.Epoch, owner.CommittedSequence);
                        lastSent = Stopwatch.GetTimestamp();
                    }

                    continue;
                }

                if (backlog.TryRead(next, ref buffer, out var length, out var count, out var end))
                {
                    link.SendBatch(leadership.Epoch, buffer.AsSpan(BatchBacklog.RecordsOffset, length), next, count, end);
                    next = end.Sequence + 1;
                    lastSent = Stopwatch.GetTimestamp();
                    fromDisk = false;
                    continue;
                }

                // Behind the backlog: read the journal until the backlog holds the next batch again.
                var progressed = false;
                if (!fromDisk)
                {
                    ReplicationLog.FromDisk(owner.Logger, _node, next);
                }

                using (var reader = new JournalBatchReader(owner.JournalDirectory, next))
                {
                    while (reader.MoveNextBatch())
                    {
                        link.SendBatch(leadership.Epoch, reader.Records, reader.FirstSequence, reader.Count, reader.End);
                        next = reader.End.Sequence + 1;
                        progressed = true;
                        if (backlog.Holds(next) || next > owner.CommittedSequence)
                        {
                            break;
                        }
                    }
                }

                lastSent = Stopwatch.GetTimestamp();
                fromDisk = progressed;
                if (!progressed)
                {
                    Thread.Sleep(1); // committed but not yet readable from disk by another handle: look again
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or InvalidDataException or JournalCorruptException)
        {
            ReplicationLog.StandbyLeft(owner.Logger, _node, link.Remote, "send failed: " + ex.Message);
        }
        finally
        {
            Close();
        }
    }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            link.Dispose();
            Wake();
        }
    }
}
#pragma warning restore CA1001
