using Exchange.Journal.Format;

namespace Exchange.Replication;

/// <summary>
/// The primary's most recent committed batches in memory, so the links to standbys send from RAM, not
/// from the journal files. One writer (the journaller's thread, through the commit tap) appends without
/// locks or allocation; any number of readers (one per standby link) copy an entry out and then check
/// that the writer has not overwritten it meanwhile (a sequence lock). A reader that has fallen further
/// behind than the backlog holds reads the journal on disk instead (<see cref="Exchange.Journal.Reading.JournalBatchReader"/>).
/// </summary>
public sealed class BatchBacklog
{
    private const int EntryHeader = 8 + 4 + ChainValue.Size + 8; // first, count, chain, end sequence
    private readonly byte[] _bytes;
    private readonly long[] _firsts;
    private readonly long[] _offsets;
    private readonly int[] _lengths;
    private readonly int _indexMask;
    private long _head;      // logical bytes written (published)
    private long _reserved;  // logical bytes being written (readers check it after copying)
    private long _entries;   // entries published

    /// <param name="capacityBytes">Bytes of batches kept (rounded to a power of two).</param>
    /// <param name="maxEntries">Batches indexed (a power of two).</param>
    public BatchBacklog(int capacityBytes = 32 << 20, int maxEntries = 1 << 16)
    {
        _bytes = new byte[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacityBytes)];
        var entries = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)maxEntries);
        _firsts = new long[entries];
        _offsets = new long[entries];
        _lengths = new int[entries];
        _indexMask = entries - 1;
    }

    /// <summary>The last sequence appended (0 before any).</summary>
    public long LastSequence => Volatile.Read(ref _lastSequence);

    private long _lastSequence;

    /// <summary>Appends a committed batch (the writer's thread only). A batch larger than half the backlog is not kept: readers take it from disk.</summary>
    public void Append(ReadOnlySpan<byte> records, long firstSequence, int count, ChainPoint end)
    {
        var length = EntryHeader + records.Length;
        if (length <= _bytes.Length / 2)
        {
            var start = _head;
            Interlocked.Exchange(ref _reserved, start + length); // a full fence: readers see the reservation before any byte changes
            Span<byte> header = stackalloc byte[EntryHeader];
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(header, firstSequence);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(header[8..], count);
            end.Value.Write(header[12..]);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(header[(12 + ChainValue.Size)..], end.Sequence);
            Copy(header, start);
            Copy(records, start + EntryHeader);
            var index = _entries & _indexMask;
            _firsts[index] = firstSequence;
            _offsets[index] = start;
            _lengths[index] = length;
            Volatile.Write(ref _head, start + length);
            Volatile.Write(ref _entries, _entries + 1);
        }

        Volatile.Write(ref _lastSequence, end.Sequence);
    }

    private void Copy(ReadOnlySpan<byte> source, long logical)
    {
        var at = (int)(logical & (_bytes.Length - 1));
        var first = Math.Min(source.Length, _bytes.Length - at);
        source[..first].CopyTo(_bytes.AsSpan(at));
        source[first..].CopyTo(_bytes);
    }

    /// <summary>
    /// Copies the batch that starts at <paramref name="firstSequence"/> into <paramref name="buffer"/>
    /// (grown as needed); false if the backlog does not hold it (never kept, or overwritten).
    /// </summary>
    public bool TryRead(long firstSequence, ref byte[] buffer, out int recordsLength, out int count, out ChainPoint end)
    {
        recordsLength = 0;
        count = 0;
        end = default;
        var found = Find(firstSequence);
        if (found < 0)
        {
            return false;
        }

        var offset = _offsets[found & _indexMask];
        var length = _lengths[found & _indexMask];
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _entries) - found >= _firsts.Length || _firsts[found & _indexMask] != firstSequence)
        {
            return false; // the index slot was reused while we read it
        }

        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }

        var at = (int)(offset & (_bytes.Length - 1));
        var part = Math.Min(length, _bytes.Length - at);
        _bytes.AsSpan(at, part).CopyTo(buffer);
        _bytes.AsSpan(0, length - part).CopyTo(buffer.AsSpan(part));
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _reserved) - _bytes.Length > offset)
        {
            return false; // the writer has begun to overwrite these bytes
        }

        var header = buffer.AsSpan(0, EntryHeader);
        if (System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(header) != firstSequence)
        {
            return false;
        }

        count = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        end = new ChainPoint(System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(header[(12 + ChainValue.Size)..]), ChainValue.Read(header[12..]));
        recordsLength = length - EntryHeader;
        return true;
    }

    /// <summary>Whether the backlog indexes a batch starting at <paramref name="firstSequence"/> now (a reader may still find it overwritten when it copies it).</summary>
    public bool Holds(long firstSequence) => Find(firstSequence) >= 0;

    /// <summary>The index entry of the batch starting at <paramref name="firstSequence"/> (a binary search: first sequences grow with the index), or -1.</summary>
    private long Find(long firstSequence)
    {
        var entries = Volatile.Read(ref _entries);
        long lo = Math.Max(0, entries - _firsts.Length + 1), hi = entries - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var first = _firsts[mid & _indexMask];
            if (first == firstSequence)
            {
                return mid;
            }

            if (first < firstSequence)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }

    /// <summary>Where the records of an entry read by <see cref="TryRead"/> start in the buffer.</summary>
    public const int RecordsOffset = EntryHeader;
}
