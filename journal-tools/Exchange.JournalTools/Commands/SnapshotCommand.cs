using System.CommandLine;
using Exchange.Journal;
using Exchange.Journal.Snapshots;

namespace Exchange.JournalTools.Commands;

/// <summary><c>snapshot</c>: writes a snapshot file of the state at a sequence, offline (copy it into snapshots/ to use it).</summary>
internal static class SnapshotCommand
{
    public static Command Create(ToolContext context)
    {
        var dataDir = CommonOptions.DataDirectory();
        var atSeq = new Option<long>("--at-seq") { Description = "The last sequence the snapshot includes.", Required = true };
        var output = new Option<string>("--out") { Description = "The snapshot file to write.", Required = true };
        var command = new Command("snapshot", "Write a snapshot of the state at a sequence to a file.") { dataDir, atSeq, output };
        command.SetAction(result =>
        {
            if (!DataFolder.TryOpen(result.GetValue(dataDir)!, out var folder, out var error))
            {
                return context.Fail(ExitCodes.BadInput, error!);
            }

            var sequence = result.GetValue(atSeq);
            try
            {
                var recovery = Replayer.Replay(context, folder, sequence, null, null);
                var engine = recovery.Engine;
                if (engine.LastSequence != sequence)
                {
                    return context.Fail(ExitCodes.BadInput, $"the journal ends at sequence {engine.LastSequence}, before {sequence}");
                }

                var state = engine.SaveState();
                var path = Path.GetFullPath(result.GetValue(output)!);
                SnapshotStore.WriteFile(path, engine.LastSequence, engine.LastTimestamp, Core.Matching.MatchingEngine.HashOf(state), state);
                context.Out.WriteLine($"wrote {path}: sequence {engine.LastSequence}, {state.Length:N0} bytes, state hash {Core.Matching.MatchingEngine.HashOf(state):x16}");
                return ExitCodes.Ok;
            }
            catch (JournalCorruptException ex)
            {
                return context.Fail(ExitCodes.Corrupt, ex.Message);
            }
        });
        return command;
    }
}
