using System.Buffers.Binary;
using Exchange.Journal.Format;

namespace Exchange.Journal.Snapshots;

/// <summary>
/// The 64-byte header of a snapshot file, followed by the engine state (<c>MatchingEngine.SaveState</c>).
/// <code>
///  0               4       6       8                              16                             24
///  +---------------+-------+-------+-------------------------------+-------------------------------+
///  | magic "EXSN"  |version|   0   |  last included sequence       |  timestamp of that command    |
///  +---------------+-------+-------+-------------------------------+-------------------------------+
///  24                              32                              40      44                 60      64
///  +-------------------------------+-------------------------------+-------+--- reserved ---+-------+
///  |          state hash           |       state length (bytes)    |state  |     (zero)     |header |
///  |                               |                               |CRC32C |                |CRC32C |
///  +-------------------------------+-------------------------------+-------+----------------+-------+
/// </code>
/// </summary>
public readonly record struct SnapshotHeader(ushort Version, long LastSequence, long LastTimestamp, ulong StateHash, long StateLength, uint StateCrc)
{
    public const int Size = 64;
    public const uint Magic = 0x4E535845; // "EXSN" little-endian
    public const ushort CurrentVersion = 1;

    public void Write(Span<byte> destination)
    {
        var h = destination[..Size];
        h.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(h, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(h[8..], LastSequence);
        BinaryPrimitives.WriteInt64LittleEndian(h[16..], LastTimestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], StateHash);
        BinaryPrimitives.WriteInt64LittleEndian(h[32..], StateLength);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], StateCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(h[60..], Checksum.Of(h[..60]));
    }

    public static bool TryRead(ReadOnlySpan<byte> source, out SnapshotHeader header, out string? error)
    {
        header = default;
        error = null;
        if (source.Length < Size)
        {
            error = "shorter than a snapshot header";
        }
        else if (BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
        {
            error = "not a snapshot (bad magic)";
        }
        else if (BinaryPrimitives.ReadUInt32LittleEndian(source[60..]) != Checksum.Of(source[..60]))
        {
            error = "snapshot header CRC mismatch";
        }
        else if (BinaryPrimitives.ReadUInt16LittleEndian(source[4..]) > CurrentVersion)
        {
            error = $"snapshot version {BinaryPrimitives.ReadUInt16LittleEndian(source[4..])} is newer than this build reads ({CurrentVersion})";
        }

        if (error is not null)
        {
            return false;
        }

        header = new SnapshotHeader(BinaryPrimitives.ReadUInt16LittleEndian(source[4..]), BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[16..]), BinaryPrimitives.ReadUInt64LittleEndian(source[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[32..]), BinaryPrimitives.ReadUInt32LittleEndian(source[40..]));
        return true;
    }
}
