using Exchange.Journal.Format;

namespace Exchange.Journal.Snapshots;

/// <summary>
/// <see cref="SnapshotBinding"/> checked during a replay instead of in a pass of its own: it is
/// shown each chain point the replay passes, and refuses a snapshot as soon as the journal has
/// another value where the snapshot recorded one, or (at the end) when the journal stops before it.
/// The snapshot a recovery loads is checked before any command is applied on top of it; snapshots
/// older than the replay's start are not read here (<c>journal-tools verify</c> checks them all).
/// </summary>
public sealed class SnapshotBindingTracker
{
    private readonly Dictionary<long, List<Snapshot>> _pending = [];
    private long _lastObserved = -1;

    /// <param name="snapshots">The valid snapshots of the folder.</param>
    /// <param name="replayFrom">The first sequence the replay applies: snapshots with a chain point before the one just ahead of it are not checked.</param>
    public SnapshotBindingTracker(IEnumerable<Snapshot> snapshots, long replayFrom)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        foreach (var s in snapshots)
        {
            if (s.Header.ChainSequence >= replayFrom - 1 || s.Header.LastSequence >= replayFrom - 1)
            {
                var key = s.Header.IsBound ? s.Header.ChainSequence : s.Header.LastSequence;
                if (!_pending.TryGetValue(key, out var list))
                {
                    _pending[key] = list = [];
                }

                list.Add(s);
            }
        }
    }

    /// <summary>The journal's chain stands at <paramref name="point"/>; refuses a snapshot that recorded another value there.</summary>
    /// <exception cref="SnapshotMismatchException">A snapshot from another history.</exception>
    public void Observe(ChainPoint point)
    {
        if (point.Sequence == _lastObserved || _pending.Count == 0)
        {
            return;
        }

        _lastObserved = point.Sequence;
        if (!_pending.Remove(point.Sequence, out var snapshots))
        {
            return;
        }

        foreach (var s in snapshots)
        {
            if (s.Header.IsBound && s.Header.Chain != point.Value)
            {
                throw new SnapshotMismatchException(s.Path, SnapshotBinding.OtherChainValue(s.Header, point.Value));
            }
        }
    }

    /// <summary>
    /// The replay read the whole journal, which ends at <paramref name="lastSequence"/> (0: no record).
    /// Every snapshot not yet matched is refused: the journal ends before it, or never had a batch
    /// boundary where it says it was taken.
    /// </summary>
    /// <exception cref="SnapshotMismatchException">The first such snapshot.</exception>
    public void Finish(long lastSequence)
    {
        foreach (var (_, snapshots) in _pending)
        {
            foreach (var s in snapshots)
            {
                if (s.Header.LastSequence > lastSequence)
                {
                    throw new SnapshotMismatchException(s.Path, SnapshotBinding.BeyondTheEnd(s.Header, lastSequence));
                }

                if (s.Header.IsBound)
                {
                    throw new SnapshotMismatchException(s.Path, SnapshotBinding.NotABoundary(s.Header));
                }
            }
        }

        _pending.Clear();
    }
}
