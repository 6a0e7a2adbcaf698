using Exchange.Core.Events;
using Exchange.Core.Matching;
using Exchange.Journal;
using Exchange.Journal.Format;
using Exchange.Journal.Reading;
using Exchange.Journal.Snapshots;
using Microsoft.Extensions.Logging;

namespace Exchange.Engine.Recovery;

/// <summary>
/// Rebuilds the state from disk: load the newest valid snapshot (skipping damaged ones with a
/// warning), then replay every later journal record through the same matching engine code,
/// deterministically, checking every record, seal and chain link on the way (damage that is not a
/// torn tail throws <see cref="JournalCorruptException"/> naming segment, offset and sequence); a
/// snapshot that does not belong to the journal is refused (<see cref="SnapshotMismatchException"/>)
/// before anything is applied on it; finally a torn tail is cut, its bytes kept (logged). The
/// server and journal-tools both recover through here, so they always agree.
/// </summary>
public static class EngineRecovery
{
    /// <param name="options">Where the data folder is.</param>
    /// <param name="logger">Receives the recovery log lines.</param>
    /// <param name="onReplayedEvent">Receives every event the replayed commands emit.</param>
    /// <param name="toSequence">Stop after this sequence (replay to a point in time).</param>
    /// <param name="repairTornTail">Cut a torn tail (startup); false leaves the files untouched (tools) and stops before it.</param>
    /// <param name="snapshotAtOrBefore">Use only a snapshot at or before this sequence (defaults to <paramref name="toSequence"/>).</param>
    /// <param name="onProgress">Called now and then with the sequence reached, for progress displays.</param>
    /// <param name="resumeAt">Where the journal ended at that snapshot, if known: the replay starts reading there.</param>
    /// <param name="alreadyLoaded">A snapshot of the folder the caller has read and checked already (not read again).</param>
    public static RecoveryResult Recover(EngineOptions options, ILogger logger, Action<Event>? onReplayedEvent = null, long toSequence = long.MaxValue,
        bool repairTornTail = true, long? snapshotAtOrBefore = null, Action<long>? onProgress = null, JournalPosition? resumeAt = null, Snapshot? alreadyLoaded = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Newest first, each read and checked only when needed: the first one at or before the limit is the one
        // loaded; older ones play no part (the replay starts after it), newer ones are checked against the chain.
        var skipped = new List<string>();
        var limit = snapshotAtOrBefore ?? toSequence;
        var snapshots = new List<Snapshot>();
        Snapshot? snapshot = null;
        foreach (var path in new SnapshotStore(options.SnapshotDirectory, options.SnapshotsToKeep).List())
        {
            Snapshot candidate;
            if (alreadyLoaded is not null && path == alreadyLoaded.Path)
            {
                candidate = alreadyLoaded;
            }
            else if (!SnapshotStore.TryLoad(path, out candidate, out var reason))
            {
                skipped.Add($"{path}: {reason}");
                EngineLog.SnapshotSkipped(logger, path, reason!);
                continue;
            }

            snapshots.Add(candidate);
            if (candidate.Header.LastSequence <= limit)
            {
                snapshot = candidate;
                break;
            }
        }

        MatchingEngine engine;
        long from = 1;
        if (snapshot is null)
        {
            engine = new MatchingEngine(options.Matching);
        }
        else
        {
            engine = MatchingEngine.LoadState(snapshot.State, options.Matching);
            var hash = engine.StateHash();
            if (hash != snapshot.Header.StateHash)
            {
                throw new InvalidDataException($"Snapshot {snapshot.Path}: loaded state hash {hash:x16} differs from the recorded {snapshot.Header.StateHash:x16}.");
            }

            from = snapshot.Header.LastSequence + 1;
            EngineLog.SnapshotLoaded(logger, snapshot.Path, snapshot.Header.LastSequence);
        }

        // One pass: the replay reads (and checks) the journal from the snapshot on, and the snapshots
        // it passes are checked against the chain as it goes, the loaded one before anything is applied.
        var bindings = new SnapshotBindingTracker(snapshots, from);
        var (replayed, chain, torn) = Replay(engine, options.JournalDirectory, from, toSequence, logger, bindings, onReplayedEvent, onProgress, options.VerifyJournalChain,
            snapshot is not null && snapshot.Header.LastSequence == snapshotAtOrBefore ? resumeAt : null);
        if (snapshot is not null && engine.LastSequence < snapshot.Header.LastSequence)
        {
            throw new InvalidDataException($"The journal ends at sequence {engine.LastSequence}, before the snapshot's {snapshot.Header.LastSequence}.");
        }

        if (torn is not null && repairTornTail)
        {
            JournalRepair.Cut(options.JournalDirectory, torn);
            EngineLog.TornTailCut(logger, torn.Bytes, torn.Offset, torn.Segment, torn.Reason, JournalRepair.KeptPath(options.JournalDirectory, torn));
        }

        EngineLog.Recovered(logger, engine.LastSequence, replayed, engine.StateHash().ToString("x16", System.Globalization.CultureInfo.InvariantCulture), chain.Value.ToString());
        return new RecoveryResult(engine, engine.LastSequence, snapshot?.Header.LastSequence ?? 0, replayed, torn, skipped) { Chain = chain };
    }

    /// <returns>
    /// The commands replayed; the chain value at the last batch boundary at or before the last one;
    /// and the torn tail, when the replay read to the end of a journal that ends in one.
    /// </returns>
    private static (long Replayed, ChainPoint Chain, TornTail? Torn) Replay(MatchingEngine engine, string journal, long from, long to, ILogger logger,
        SnapshotBindingTracker bindings, Action<Event>? onEvent, Action<long>? onProgress, bool verifyChain, JournalPosition? resumeAt)
    {
        var events = new EventBuffer();
        long replayed = 0;
        using var reader = new CommandReadAhead(new JournalCursor(journal, from, verifyChain: verifyChain, resumeAt: resumeAt), from, to, bindings.Observe);
        for (var chunk = reader.Next(); !chunk.IsEmpty; chunk = reader.Next())
        {
            foreach (ref readonly var command in chunk)
            {
                events.Clear();
                engine.Process(command, events);
                if (onEvent is not null)
                {
                    foreach (ref readonly var e in events.Events)
                    {
                        onEvent(e);
                    }
                }

                if (++replayed % 65_536 == 0)
                {
                    onProgress?.Invoke(command.Sequence);
                    if (replayed % 1_048_576 == 0)
                    {
                        EngineLog.ReplayProgress(logger, replayed, command.Sequence);
                    }
                }
            }
        }

        var cursor = reader.Cursor;
        if (!reader.ReachedEnd)
        {
            return (replayed, cursor.Chain, null);
        }

        bindings.Observe(cursor.Chain);
        bindings.Finish(cursor.LastSequence);
        return (replayed, cursor.Chain, cursor.TornTail);
    }
}
