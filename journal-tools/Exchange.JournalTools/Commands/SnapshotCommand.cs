using System.CommandLine;
using Exchange.Cli;
using Exchange.Journal;
using Exchange.Journal.Snapshots;

namespace Exchange.JournalTools.Commands;

/// <summary><c>snapshot</c>: writes a snapshot file of the state at a sequence, offline (copy it into snapshots/ to use it).</summary>
internal static class SnapshotCommand
{
    public static Command Create(ToolContext context)
    {
        var dataDir = CommonOptions.DataDirectory();
        var atSeq = new Option<long>("--at-seq") { Description = "The last sequence the snapshot includes.", Required = true }.Within(0, long.MaxValue);
        var output = new Option<string>("--out") { Description = "The snapshot file to write.", Required = true };
        var format = CommonOptions.Format();
        var command = new Command("snapshot", "Write a snapshot of the state at a sequence to a file.") { dataDir, atSeq, output, format };
        command.SetAction(result =>
        {
            if (!DataFolder.TryOpen(result.GetValue(dataDir)!, out var folder, out var error))
            {
                return context.Fail(ExitCodes.BadInput, error!);
            }

            var path = Path.GetFullPath(result.GetValue(output)!);
            if (Directory.Exists(path))
            {
                return context.Fail(ExitCodes.BadInput, $"--out {path} is a folder: give the snapshot file's name");
            }

            if (!Directory.Exists(Path.GetDirectoryName(path)))
            {
                return context.Fail(ExitCodes.BadInput, $"--out {path}: the folder {Path.GetDirectoryName(path)} does not exist");
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
                SnapshotStore.WriteFile(path, engine.LastSequence, engine.LastTimestamp, Core.Matching.MatchingEngine.HashOf(state), recovery.Chain, state);
                var hash = Core.Matching.MatchingEngine.HashOf(state).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
                if (result.GetValue(format) == OutputFormat.Json)
                {
                    context.WriteJson(new { File = path, Sequence = engine.LastSequence, Bytes = state.Length, StateHash = hash });
                }
                else
                {
                    context.Out.WriteLine($"wrote {path}: sequence {engine.LastSequence}, {state.Length:N0} bytes, state hash {hash}");
                }

                return ExitCodes.Ok;
            }
            catch (JournalCorruptException ex)
            {
                return context.Fail(ExitCodes.Corrupt, ex.Message);
            }
            catch (Exchange.Journal.Snapshots.SnapshotMismatchException ex)
            {
                return context.Fail(ExitCodes.Corrupt, ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return context.Fail(ExitCodes.BadInput, $"cannot write {path}: {ex.Message}");
            }
        });
        return command;
    }
}
