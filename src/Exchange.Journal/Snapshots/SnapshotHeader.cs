using System.Buffers.Binary;
using Exchange.Journal.Format;

namespace Exchange.Journal.Snapshots;

/// <summary>
/// The header of a snapshot file, followed by the engine state (<c>MatchingEngine.SaveState</c>).
/// Version 2 (96 bytes) binds the snapshot to one history: it records the journal's chain value at
/// a batch boundary at or before its sequence (the engine takes snapshots only at batch
/// boundaries, so the two sequences are equal), and recovery refuses a snapshot whose journal does
/// not have that value there. Version 1 (64 bytes, no chain) is still read.
/// <code>
///  0               4       6       8                              16                             24
///  +---------------+-------+-------+-------------------------------+-------------------------------+
///  | magic "EXSN"  |version|   0   |  last included sequence       |  timestamp of that command    |
///  +---------------+-------+-------+-------------------------------+-------------------------------+
///  24                              32                              40      44      48
///  +-------------------------------+-------------------------------+-------+-------+
///  |          state hash           |       state length (bytes)    |state  |   0   |
///  |                               |                               |CRC32C |       |
///  +-------------------------------+-------------------------------+-------+-------+
///  48                              56                              88      92      96
///  +-------------------------------+-------------------------------+-------+-------+
///  |  chain sequence               |  chain value (32 bytes)       |   0   |header |
///  |                               |                               |       |CRC32C |
///  +-------------------------------+-------------------------------+-------+-------+
/// </code>
/// Version 1 ends at byte 64: bytes 44–59 zero, the header CRC (of bytes 0–59) at 60.
/// </summary>
public readonly record struct SnapshotHeader(ushort Version, long LastSequence, long LastTimestamp, ulong StateHash, long StateLength, uint StateCrc,
    long ChainSequence = 0, ChainValue Chain = default)
{
    public const int SizeV1 = 64;
    public const int Size = 96;
    public const uint Magic = 0x4E535845; // "EXSN" little-endian
    public const ushort CurrentVersion = 2;

    /// <summary>Bytes before the state: 64 for version 1, 96 from version 2.</summary>
    public int HeaderSize => Version >= 2 ? Size : SizeV1;

    /// <summary>Whether the snapshot records the journal's chain value (version 2).</summary>
    public bool IsBound => Version >= 2;

    public void Write(Span<byte> destination)
    {
        var h = destination[..HeaderSize];
        h.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(h, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(h[8..], LastSequence);
        BinaryPrimitives.WriteInt64LittleEndian(h[16..], LastTimestamp);
        BinaryPrimitives.WriteUInt64LittleEndian(h[24..], StateHash);
        BinaryPrimitives.WriteInt64LittleEndian(h[32..], StateLength);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], StateCrc);
        if (Version >= 2)
        {
            BinaryPrimitives.WriteInt64LittleEndian(h[48..], ChainSequence);
            Chain.Write(h[56..]);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(h[(HeaderSize - 4)..], Checksum.Of(h[..(HeaderSize - 4)]));
    }

    public static bool TryRead(ReadOnlySpan<byte> source, out SnapshotHeader header, out string? error)
    {
        header = default;
        error = null;
        var version = source.Length >= 6 ? BinaryPrimitives.ReadUInt16LittleEndian(source[4..]) : (ushort)0;
        var size = version >= 2 ? Size : SizeV1;
        if (source.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
        {
            error = "not a snapshot (bad magic)";
        }
        else if (source.Length < size)
        {
            error = "shorter than a snapshot header";
        }
        else if (version > CurrentVersion)
        {
            error = $"snapshot version {version} is newer than this build reads ({CurrentVersion})";
        }
        else if (BinaryPrimitives.ReadUInt32LittleEndian(source[(size - 4)..]) != Checksum.Of(source[..(size - 4)]))
        {
            error = "snapshot header CRC mismatch";
        }

        if (error is not null)
        {
            return false;
        }

        header = new SnapshotHeader(version, BinaryPrimitives.ReadInt64LittleEndian(source[8..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[16..]), BinaryPrimitives.ReadUInt64LittleEndian(source[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[32..]), BinaryPrimitives.ReadUInt32LittleEndian(source[40..]),
            version >= 2 ? BinaryPrimitives.ReadInt64LittleEndian(source[48..]) : 0,
            version >= 2 ? ChainValue.Read(source[56..]) : ChainValue.Zero);
        return true;
    }
}
