using System.Buffers.Binary;
using System.Text;
using Exchange.Journal.Format;
using Exchange.Journal.Writing;

namespace Exchange.Journal.Snapshots;

/// <summary>
/// The read models' state at a snapshot's sequence (reply streams and their resend windows,
/// market-data books), kept beside the snapshot as <c>{sequence}.sinks</c> so that a restart need not
/// replay the journal from its first command to rebuild them. Written (temporary file, fsync, rename)
/// before its snapshot, so a snapshot never names state that is not on disk; checked by CRC-32C.
/// </summary>
/// <remarks>
/// <code>
///  offset  size  field
///  0       8     magic "EXSINKS1"
///  8       8     sequence (i64, the snapshot's last sequence)
///  16      4     section count (u32)
///  then per section: name length (u16), name (UTF-8), state length (u32), state
///  last    4     CRC-32C of everything before it
/// </code>
/// </remarks>
public static class SinkStateFile
{
    public const string Extension = ".sinks";

    private static ReadOnlySpan<byte> Magic => "EXSINKS1"u8;

    /// <summary>The read-model file that belongs to a snapshot file.</summary>
    public static string PathFor(string snapshotPath) => Path.ChangeExtension(snapshotPath, Extension);

    public static void Write(string path, long sequence, IReadOnlyList<KeyValuePair<string, byte[]>> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        using var body = new MemoryStream();
        var scratch = new byte[8];
        body.Write(Magic);
        BinaryPrimitives.WriteInt64LittleEndian(scratch, sequence);
        body.Write(scratch, 0, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(scratch, (uint)sections.Count);
        body.Write(scratch, 0, 4);
        foreach (var (name, state) in sections)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            BinaryPrimitives.WriteUInt16LittleEndian(scratch, (ushort)nameBytes.Length);
            body.Write(scratch, 0, 2);
            body.Write(nameBytes);
            BinaryPrimitives.WriteUInt32LittleEndian(scratch, (uint)state.Length);
            body.Write(scratch, 0, 4);
            body.Write(state);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(scratch, Checksum.Of(body.GetBuffer().AsSpan(0, (int)body.Length)));
        body.Write(scratch, 0, 4);

        var temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            file.Write(body.GetBuffer().AsSpan(0, (int)body.Length));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        DirectorySync.Flush(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Reads the sections, or says why the file cannot be used (missing, damaged, or for another sequence).
    /// The file is mapped, not copied: the sections are slices of the mapping, which lasts as long as any
    /// of them is referenced (a read model may keep them, e.g. its resend window's frames).
    /// </summary>
    public static bool TryRead(string path, long sequence, out Dictionary<string, ReadOnlyMemory<byte>> sections, out string? error)
    {
        sections = [];
        if (!File.Exists(path))
        {
            error = "no read-model file beside it";
            return false;
        }

        if (new FileInfo(path).Length < 24)
        {
            error = "not a read-model file";
            return false;
        }

        MappedFileMemory mapping;
        try
        {
            mapping = MappedFileMemory.Open(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = $"read-model file cannot be mapped: {ex.Message}";
            return false;
        }

        if (!TryReadSections(mapping.Memory, sequence, sections, out error))
        {
            sections.Clear();
            ((IDisposable)mapping).Dispose();
            return false;
        }

        return true;
    }

    private static bool TryReadSections(ReadOnlyMemory<byte> file, long sequence, Dictionary<string, ReadOnlyMemory<byte>> sections, out string? error)
    {
        var bytes = file.Span;
        if (!bytes[..8].SequenceEqual(Magic))
        {
            error = "not a read-model file";
            return false;
        }

        if (Checksum.Of(bytes[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]))
        {
            error = "read-model file CRC mismatch";
            return false;
        }

        var recorded = BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        if (recorded != sequence)
        {
            error = $"read-model file is for sequence {recorded}, not {sequence}";
            return false;
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]);
        var at = 20;
        var end = bytes.Length - 4;
        for (var i = 0; i < count; i++)
        {
            if (at + 2 > end)
            {
                error = "read-model file truncated";
                return false;
            }

            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes[at..]);
            at += 2;
            if (at + nameLength + 4 > end)
            {
                error = "read-model file truncated";
                return false;
            }

            var name = Encoding.UTF8.GetString(bytes.Slice(at, nameLength));
            at += nameLength;
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[at..]);
            at += 4;
            if (length > (uint)(end - at))
            {
                error = "read-model file truncated";
                return false;
            }

            sections[name] = file.Slice(at, (int)length);
            at += (int)length;
        }

        error = null;
        return true;
    }
}
