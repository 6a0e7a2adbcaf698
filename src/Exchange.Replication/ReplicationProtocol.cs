using System.Buffers.Binary;
using Exchange.Journal.Format;

namespace Exchange.Replication;

/// <summary>Constants and payload readers of the replication link (docs/replication.md, "The stream").</summary>
public static class ReplicationProtocol
{
    /// <summary>The link's version, sent in <see cref="FrameType.Hello"/>; a primary refuses another.</summary>
    public const ushort Version = 1;

    /// <summary>Bytes of a batch frame's payload before its records: epoch, first sequence, count, last sequence, chain value.</summary>
    public const int BatchHeaderSize = 8 + 8 + 4 + 8 + ChainValue.Size;

    /// <summary>A standby's greeting; <paramref name="TakesSnapshots"/>: it can be sent a snapshot instead of the journal.</summary>
    public readonly record struct Hello(ushort Version, long NodeId, long Epoch, ChainPoint End, bool TakesSnapshots);

    /// <summary>Bytes of a Hello's payload: version, node, epoch, end sequence, chain value, flags (bit 0: takes snapshots).</summary>
    public const int HelloSize = 26 + ChainValue.Size + 1;

    public static Hello ReadHello(ReadOnlySpan<byte> p) => p.Length < HelloSize - 1
        ? throw new ReplicationProtocolException($"Hello of {p.Length} bytes is too short")
        : new(BinaryPrimitives.ReadUInt16LittleEndian(p), BinaryPrimitives.ReadInt64LittleEndian(p[2..]), BinaryPrimitives.ReadInt64LittleEndian(p[10..]),
            new ChainPoint(BinaryPrimitives.ReadInt64LittleEndian(p[18..]), ChainValue.Read(p[26..])), p.Length >= HelloSize && (p[HelloSize - 1] & 1) != 0);

    public static (long Epoch, long From) ReadWelcome(ReadOnlySpan<byte> p) => p.Length < 16
        ? throw new ReplicationProtocolException("Welcome too short")
        : (BinaryPrimitives.ReadInt64LittleEndian(p), BinaryPrimitives.ReadInt64LittleEndian(p[8..]));

    public static (long Epoch, ChainPoint Boundary) ReadRewind(ReadOnlySpan<byte> p) => p.Length < 16 + ChainValue.Size
        ? throw new ReplicationProtocolException("Rewind too short")
        : (BinaryPrimitives.ReadInt64LittleEndian(p), new ChainPoint(BinaryPrimitives.ReadInt64LittleEndian(p[8..]), ChainValue.Read(p[16..])));

    public static (RefusalReason Reason, string Message) ReadRefused(ReadOnlySpan<byte> p)
    {
        if (p.Length < 3)
        {
            return ((RefusalReason)(p.Length > 0 ? p[0] : 0), "");
        }

        var length = Math.Min(BinaryPrimitives.ReadUInt16LittleEndian(p[1..]), p.Length - 3);
        return ((RefusalReason)p[0], System.Text.Encoding.UTF8.GetString(p.Slice(3, length)));
    }

    public static long ReadAck(ReadOnlySpan<byte> p) => p.Length < 8 ? throw new ReplicationProtocolException("Ack too short") : BinaryPrimitives.ReadInt64LittleEndian(p);

    public static (long Epoch, long Committed) ReadHeartbeat(ReadOnlySpan<byte> p) => p.Length < 16
        ? throw new ReplicationProtocolException("Heartbeat too short")
        : (BinaryPrimitives.ReadInt64LittleEndian(p), BinaryPrimitives.ReadInt64LittleEndian(p[8..]));

    /// <summary>Bytes of a snapshot chunk's payload before its bytes: epoch, file kind, offset in the file.</summary>
    public const int SnapshotChunkHeaderSize = 8 + 1 + 8;

    /// <summary>The files a snapshot transfer carries (the chunk's kind byte).</summary>
    public enum SnapshotFileKind : byte
    {
        /// <summary>The engine's state (<c>{sequence}.snapshot</c>).</summary>
        State = 1,

        /// <summary>The read models saved with it (reply streams, books), when the primary saves them.</summary>
        ReadModels = 2,
    }

    public static (long Epoch, SnapshotFileKind Kind, long Offset) ReadSnapshotChunk(ReadOnlySpan<byte> p) => p.Length < SnapshotChunkHeaderSize
        ? throw new ReplicationProtocolException("SnapshotChunk too short")
        : (BinaryPrimitives.ReadInt64LittleEndian(p), (SnapshotFileKind)p[8], BinaryPrimitives.ReadInt64LittleEndian(p[9..]));

    public static (long Epoch, long Sequence) ReadSnapshotEnd(ReadOnlySpan<byte> p) => p.Length < 16
        ? throw new ReplicationProtocolException("SnapshotEnd too short")
        : (BinaryPrimitives.ReadInt64LittleEndian(p), BinaryPrimitives.ReadInt64LittleEndian(p[8..]));
}
