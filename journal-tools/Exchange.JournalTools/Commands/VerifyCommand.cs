using System.CommandLine;
using Exchange.Core.Matching;
using Exchange.Journal;
using Exchange.Journal.Format;
using Exchange.Journal.Reading;
using Exchange.Journal.Snapshots;

namespace Exchange.JournalTools.Commands;

/// <summary>
/// <c>verify</c>: checks every segment header and record CRC, every batch seal and link of the hash
/// chain, sequence and chain continuity within and across segments, and every snapshot's header,
/// CRC, state hash and binding to this journal (at or before its end, same chain value). Lists each
/// problem with its file, offset and sequence, and prints the chain head: two copies of a journal
/// with the same head hold the same history. Exit 0 intact, 4 torn tail only, 3 anything else.
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
        ChainPoint? head = null;
        var chainBroken = false;
        var segments = folder.Segments;
        for (var i = 0; i < segments.Count; i++)
        {
            var name = Path.GetFileName(segments[i]);
            try
            {
                if (i == segments.Count - 1 && !JournalDirectory.IsArchived(segments[i]) && JournalRepair.MissingHeader(segments[i]) is { } damage)
                {
                    problems.Add(new(name, 0, expected, "corrupt", damage));
                    continue;
                }

                using var reader = SegmentReader.Open(segments[i]);
                if (head is { } before && reader.Header.IsChained && reader.Header.ChainBefore != before.Value)
                {
                    problems.Add(new(name, 0, reader.Header.FirstSequence, "corrupt", $"hash chain broken between segments: continues from {reader.Header.ChainBefore}, the one before ends at {before.Value}"));
                    chainBroken = true;
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

                head = reader.Chain;
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
                head = null;
                chainBroken = true;
            }
        }

        // The binding of snapshots to this history needs the chain at their sequences: one more pass
        // when the journal itself is sound (a damaged journal is already reported above).
        JournalSurvey? survey = null;
        var journalSound = !chainBroken && problems.TrueForAll(p => p.Kind == "torn-tail");

        var snapshots = 0;
        foreach (var file in new SnapshotStore(folder.SnapshotDirectory).List())
        {
            snapshots++;
            if (!SnapshotStore.TryLoad(file, out var snapshot, out var problem))
            {
                problems.Add(new(Path.GetFileName(file), 0, null, "corrupt-snapshot", problem!));
                continue;
            }

            if (journalSound)
            {
                survey ??= JournalSurvey.Scan(folder.JournalDirectory, SnapshotChainPoints(folder));
                if (SnapshotBinding.Check(snapshot.Header, survey) is { } mismatch)
                {
                    problems.Add(new(Path.GetFileName(file), 0, snapshot.Header.LastSequence, "foreign-snapshot", mismatch));
                }
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
            context.WriteJson(new
            {
                DataDirectory = folder.Path, Segments = segments.Count, Records = records, Snapshots = snapshots, Intact = code == ExitCodes.Ok,
                ChainHead = head?.Value.ToString(), ChainHeadSequence = head?.Sequence, Problems = problems,
            });
            return code;
        }

        context.Out.WriteLine($"{segments.Count} segments, {records:N0} records, {snapshots} snapshots checked");
        context.Out.WriteLine(head is { } h
            ? $"chain head     {h.Value} at sequence {h.Sequence}"
            : "chain head     unknown (the journal is damaged)");
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

    private static List<long> SnapshotChainPoints(DataFolder folder)
    {
        var points = new List<long>();
        foreach (var file in new SnapshotStore(folder.SnapshotDirectory).List())
        {
            if (SnapshotStore.TryLoad(file, out var snapshot, out _))
            {
                points.Add(snapshot.Header.ChainSequence);
            }
        }

        return points;
    }
}
