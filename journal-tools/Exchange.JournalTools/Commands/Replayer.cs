using Exchange.Core.Events;
using Exchange.Engine.Recovery;
using Exchange.Journal.Reading;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

namespace Exchange.JournalTools.Commands;

/// <summary>
/// Rebuilds state through the engine's own recovery code (snapshot at or before the target, then
/// the journal) without touching the files, with a progress bar for a person at a terminal.
/// </summary>
internal static class Replayer
{
    /// <param name="context">The tool's output and whether a person watches (then a progress bar).</param>
    /// <param name="folder">The data folder.</param>
    /// <param name="toSequence">Stop after this sequence.</param>
    /// <param name="snapshotAtOrBefore">Start from a snapshot at or before this sequence (null: the newest at or before <paramref name="toSequence"/>).</param>
    /// <param name="onEvent">Receives every event the replayed commands emit.</param>
    /// <param name="journalEnd">The journal's last sequence, when the caller has read it already (for the progress bar; else it is read here).</param>
    public static RecoveryResult Replay(ToolContext context, DataFolder folder, long toSequence, long? snapshotAtOrBefore, Action<Event>? onEvent, long? journalEnd = null)
    {
        if (!context.Interactive)
        {
            return EngineRecovery.Recover(folder.Options, NullLogger.Instance, onEvent, toSequence, repairTornTail: false, snapshotAtOrBefore);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Error) });
        RecoveryResult? result = null;
        var total = Math.Max(1, Math.Min(toSequence, journalEnd ?? LastSequence(folder)));
        console.Progress().Start(progress =>
        {
            var task = progress.AddTask("replaying", maxValue: total);
            result = EngineRecovery.Recover(folder.Options, NullLogger.Instance, onEvent, toSequence, repairTornTail: false, snapshotAtOrBefore,
                sequence => task.Value = sequence);
            task.Value = total;
        });
        return result!;
    }

    /// <summary>The last sequence in the journal (a scan).</summary>
    public static long LastSequence(DataFolder folder)
    {
        using var cursor = new JournalCursor(folder.JournalDirectory, long.MaxValue);
        while (cursor.MoveNext())
        {
        }

        return cursor.LastSequence;
    }

    /// <summary>The last sequence whose timestamp is at or before <paramref name="time"/> (0 if none).</summary>
    public static long SequenceAtTime(DataFolder folder, long time)
    {
        if (time == long.MaxValue)
        {
            return long.MaxValue;
        }

        using var cursor = new JournalCursor(folder.JournalDirectory, fromTimestamp: time + 1);
        return cursor.MoveNext() ? cursor.Header.Sequence - 1 : cursor.LastSequence;
    }

    /// <summary>The first sequence whose timestamp is at or after <paramref name="time"/> (long.MaxValue if none).</summary>
    public static long FirstSequenceAtOrAfter(DataFolder folder, long time)
    {
        using var cursor = new JournalCursor(folder.JournalDirectory, fromTimestamp: time);
        return cursor.MoveNext() ? cursor.Header.Sequence : long.MaxValue;
    }
}
