using System.Buffers.Binary;
using Exchange.Journal.Format;

namespace Exchange.Replication;

/// <summary>A batch frame's header fields: the epoch it was sent under, its sequence range and chain value; its records follow.</summary>
public readonly record struct BatchFrame(long Epoch, long FirstSequence, int Count, ChainPoint End)
{
    public static void WriteHeader(Span<byte> p, long epoch, long firstSequence, int count, ChainPoint end)
    {
        BinaryPrimitives.WriteInt64LittleEndian(p, epoch);
        BinaryPrimitives.WriteInt64LittleEndian(p[8..], firstSequence);
        BinaryPrimitives.WriteInt32LittleEndian(p[16..], count);
        BinaryPrimitives.WriteInt64LittleEndian(p[20..], end.Sequence);
        end.Value.Write(p[28..]);
    }

    /// <summary>Reads the header; the records are <c>payload[BatchHeaderSize..]</c>.</summary>
    public static BatchFrame Read(ReadOnlySpan<byte> p)
    {
        if (p.Length < ReplicationProtocol.BatchHeaderSize)
        {
            throw new ReplicationProtocolException($"Batch frame of {p.Length} bytes is too short");
        }

        var frame = new BatchFrame(BinaryPrimitives.ReadInt64LittleEndian(p), BinaryPrimitives.ReadInt64LittleEndian(p[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(p[16..]), new ChainPoint(BinaryPrimitives.ReadInt64LittleEndian(p[20..]), ChainValue.Read(p[28..])));
        return frame.Count < 1 || frame.FirstSequence < 1 || frame.End.Sequence != frame.FirstSequence + frame.Count - 1
            ? throw new ReplicationProtocolException($"Batch frame claims {frame.Count} records from {frame.FirstSequence} to {frame.End.Sequence}")
            : frame;
    }
}
