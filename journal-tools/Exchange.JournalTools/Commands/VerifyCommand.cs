using System.CommandLine;
using Exchange.Core.Matching;
using Exchange.Journal;
using Exchange.Journal.Reading;
using Exchange.Journal.Snapshots;

namespace Exchange.JournalTools.Commands;

/// <summary>
/// <c>verify</c>: checks every segment header and record CRC, sequence continuity within and across
/// segments, and every snapshot's header, CRC and state hash. Lists each problem with its file,
/// offset and sequence. Exit 0 intact, 4 torn tail only, 3 anything else.
/// </summary>
internal static class VerifyCommand
{
    private sealed record Problem(string File, long Offset, long? Sequence, string Kind, string Detail);

    public static Command Create(ToolContext context)
    {
        var dataDir = CommonOptions.DataDirectory();
        var format = CommonOptions.Format();
        var command = new Command("verify", "Check every CRC, sequence continuity and the snapshots. Exit 0 intact, 4 torn tail, 3 damaged.")
        {
            dataDir, format,
        };
        command.SetAction(result => Run(context, result.GetValue(dataDir)!, result.GetValue(format)));
        return command;
    }

    private static int Run(ToolContext context, string path, OutputFormat format)
    {
        if (!DataFolder.TryOpen(path, out var folder, out var error))
        {
            return context.Fail(ExitCodes.BadInput, error!);
        }

        var problems = new List<Problem>();
        long records = 0, expected = 0;
        var segments = folder.Segments;
        for (var i = 0; i < segments.Count; i++)
        {
            var name = Path.GetFileName(segments[i]);
            try
            {
                using var reader = SegmentReader.Open(segments[i]);
                if (reader.Header.FirstSequence != JournalDirectory.FirstSequenceOf(segments[i]))
                {
                    problems.Add(new(name, 0, reader.Header.FirstSequence, "corrupt", "header's first sequence does not match the file name"));
                }

                if (expected != 0 && reader.Header.FirstSequence != expected)
                {
                    problems.Add(new(name, 0, reader.Header.FirstSequence, "corrupt", $"segment starts at {reader.Header.FirstSequence}, {expected} expected"));
                }

                expected = reader.Header.FirstSequence;
                ReadStatus status;
                while ((status = reader.Next()) == ReadStatus.Record)
                {
                    if (reader.Record.Sequence != expected)
                    {
                        problems.Add(new(name, reader.Offset, reader.Record.Sequence, "corrupt", $"sequence {reader.Record.Sequence}, {expected} expected"));
                    }

                    expected = reader.Record.Sequence + 1;
                    records++;
                }

                if (status == ReadStatus.TornTail)
                {
                    var torn = reader.TornTail!;
                    var isLast = i == segments.Count - 1;
                    problems.Add(new(name, torn.Offset, expected, isLast ? "torn-tail" : "corrupt",
                        $"{torn.Bytes} bytes: {torn.Reason}" + (isLast ? string.Empty : " (not the last segment)")));
                }
            }
            catch (JournalCorruptException ex)
            {
                problems.Add(new(name, ex.Offset, ex.Sequence, "corrupt", ex.Message));
                expected = 0; // continuity cannot be checked across the damage
            }
        }

        var snapshots = 0;
        foreach (var file in new SnapshotStore(folder.SnapshotDirectory).List())
        {
            snapshots++;
            if (!SnapshotStore.TryLoad(file, out var snapshot, out var problem))
            {
                problems.Add(new(Path.GetFileName(file), 0, null, "corrupt-snapshot", problem!));
                continue;
            }

            try
            {
                var hash = MatchingEngine.LoadState(snapshot.State).StateHash();
                if (hash != snapshot.Header.StateHash)
                {
                    problems.Add(new(Path.GetFileName(file), 0, snapshot.Header.LastSequence, "corrupt-snapshot", $"state hash {hash:x16}, header says {snapshot.Header.StateHash:x16}"));
                }
            }
            catch (InvalidDataException ex)
            {
                problems.Add(new(Path.GetFileName(file), 0, snapshot.Header.LastSequence, "corrupt-snapshot", ex.Message));
            }
        }

        var code = problems.Count == 0 ? ExitCodes.Ok
            : problems.TrueForAll(p => p.Kind == "torn-tail") ? ExitCodes.TornTail
            : ExitCodes.Corrupt;
        if (format == OutputFormat.Json)
        {
            context.WriteJson(new { DataDirectory = folder.Path, Segments = segments.Count, Records = records, Snapshots = snapshots, Intact = code == ExitCodes.Ok, Problems = problems });
            return code;
        }

        context.Out.WriteLine($"{segments.Count} segments, {records:N0} records, {snapshots} snapshots checked");
        foreach (var p in problems)
        {
            context.Out.WriteLine($"{p.Kind}: {p.File} offset {p.Offset} sequence {(p.Sequence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?")}: {p.Detail}");
        }

        context.Out.WriteLine(code switch
        {
            ExitCodes.Ok => "intact",
            ExitCodes.TornTail => "intact except for a torn tail (journal-tools repair --truncate-torn-tail cuts it)",
            _ => "DAMAGED",
        });
        return code;
    }
}
