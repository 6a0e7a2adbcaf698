using System.CommandLine;
using Exchange.Core.Commands;
using Command = System.CommandLine.Command;
using Exchange.Journal;
using Exchange.Journal.Format;
using Exchange.Journal.Reading;
using Exchange.Journal.Snapshots;

namespace Exchange.JournalTools.Commands;

/// <summary><c>info</c>: what is in a data folder — segments, snapshots, sequences, times, command counts, sizes.</summary>
internal static class InfoCommand
{
    public static Command Create(ToolContext context)
    {
        var dataDir = CommonOptions.DataDirectory();
        var format = CommonOptions.Format();
        var command = new Command("info", "Segments and snapshots, first/last sequence and time, records per command type, bytes on disk, compression ratio.")
        {
            dataDir, format,
        };
        command.SetAction(result => Run(context, result.GetValue(dataDir)!, result.GetValue(format)));
        return command;
    }

    private sealed record SegmentInfo(string File, long FirstSequence, long LastSequence, long Records, long Bytes, bool Lz4);

    private sealed record SnapshotInfo(string File, long? Sequence, long Bytes, bool Valid, string? Problem);

    private static int Run(ToolContext context, string path, OutputFormat format)
    {
        if (!DataFolder.TryOpen(path, out var folder, out var error))
        {
            return context.Fail(ExitCodes.BadInput, error!);
        }

        var segments = new List<SegmentInfo>();
        var perType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long records = 0, recordBytes = 0, fileBytes = 0, allocatedBytes = 0, first = 0, last = 0, firstTime = 0, lastTime = 0;
        TornTail? torn = null;
        try
        {
            foreach (var segment in folder.Segments)
            {
                using var reader = SegmentReader.Open(segment);
                long segmentRecords = 0, segmentFirst = 0, segmentLast = 0;
                ReadStatus status;
                while ((status = reader.Next()) == ReadStatus.Record)
                {
                    var r = reader.Record;
                    segmentRecords++;
                    segmentFirst = segmentFirst == 0 ? r.Sequence : segmentFirst;
                    segmentLast = r.Sequence;
                    first = first == 0 ? r.Sequence : first;
                    firstTime = firstTime == 0 ? r.Timestamp : firstTime;
                    last = r.Sequence;
                    lastTime = r.Timestamp;
                    recordBytes += r.TotalLength;
                    var type = ((CommandType)r.CommandType).ToString();
                    perType[type] = perType.GetValueOrDefault(type) + 1;
                }

                torn ??= status == ReadStatus.TornTail ? reader.TornTail : null;
                records += segmentRecords;
                fileBytes += reader.Length;
                allocatedBytes += AllocatedBytes(segment);
                segments.Add(new SegmentInfo(Path.GetFileName(segment), segmentFirst, segmentLast, segmentRecords, reader.Length, reader.IsCompressed));
            }
        }
        catch (JournalCorruptException ex)
        {
            return context.Fail(ExitCodes.Corrupt, ex.Message);
        }

        var snapshots = new List<SnapshotInfo>();
        foreach (var file in new SnapshotStore(folder.SnapshotDirectory).List())
        {
            var valid = SnapshotStore.TryLoad(file, out var snapshot, out var problem);
            snapshots.Add(new SnapshotInfo(Path.GetFileName(file), valid ? snapshot.Header.LastSequence : null, new FileInfo(file).Length, valid, problem));
        }

        var ratio = fileBytes == 0 ? 1.0 : (double)recordBytes / fileBytes;
        if (format == OutputFormat.Json)
        {
            context.WriteJson(new
            {
                DataDirectory = folder.Path, Segments = segments, Snapshots = snapshots, FirstSequence = first, LastSequence = last,
                FirstTime = first == 0 ? null : TimeArgument.Format(firstTime), LastTime = last == 0 ? null : TimeArgument.Format(lastTime),
                Records = records, RecordsPerType = perType, JournalBytes = fileBytes, AllocatedBytes = allocatedBytes, RecordBytes = recordBytes, CompressionRatio = Math.Round(ratio, 3),
                TornTail = torn is null ? null : new { Segment = Path.GetFileName(torn.Segment), torn.Offset, torn.Bytes },
            });
            return ExitCodes.Ok;
        }

        var o = context.Out;
        o.WriteLine($"data folder    {folder.Path}");
        o.WriteLine($"records        {records:N0}, sequences {first:N0} .. {last:N0}");
        if (records > 0)
        {
            o.WriteLine($"time           {TimeArgument.Format(firstTime)} .. {TimeArgument.Format(lastTime)}");
        }

        o.WriteLine($"journal bytes  {fileBytes:N0} used, {allocatedBytes:N0} allocated on disk, {recordBytes:N0} as records, compression ratio {ratio:F2}");
        o.WriteLine("per type");
        foreach (var (type, count) in perType)
        {
            o.WriteLine($"  {type,-18} {count,12:N0}");
        }

        o.WriteLine("segments");
        foreach (var s in segments)
        {
            o.WriteLine($"  {s.File}  {s.FirstSequence,10:N0} .. {s.LastSequence,-10:N0} {s.Records,10:N0} records {s.Bytes,14:N0} bytes{(s.Lz4 ? "  lz4" : string.Empty)}");
        }

        o.WriteLine("snapshots");
        foreach (var s in snapshots)
        {
            o.WriteLine($"  {s.File}  {s.Bytes,12:N0} bytes  {(s.Valid ? "valid" : "INVALID: " + s.Problem)}");
        }

        if (torn is not null)
        {
            o.WriteLine($"torn tail      {torn.Bytes} bytes at offset {torn.Offset} of {Path.GetFileName(torn.Segment)} (journal-tools repair cuts it)");
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// What the file system has reserved for a segment (the writer preallocates whole segments, so this
    /// is far more than the bytes used until the segment fills); the used size where the OS cannot say.
    /// </summary>
    private static long AllocatedBytes(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return new FileInfo(path).Length;
        }

        try
        {
            return new Mono.Unix.UnixFileInfo(path).BlocksAllocated * 512;
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            return new FileInfo(path).Length;
        }
    }
}
