using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Exchange.Disruptor.Sequencing;

namespace Exchange.Disruptor;

/// <summary>
/// The ring of pre-allocated slots that producers fill and consumers read in sequence order. One
/// type serves reference-type slots (objects made once by a factory and reused) and struct slots
/// (values stored inline); either way <see cref="this[long]"/> returns a <c>ref</c> to the slot,
/// so nothing is copied or allocated per event.
/// </summary>
/// <remarks>
/// Use: <c>var s = ring.Next(); ring[s].Field = x; ring.Publish(s);</c>. A slot may be written only
/// between its claim and its publish, and read only by consumers that the sequencer has released
/// it to. The array is padded at both ends so neighbouring heap objects never share the slots'
/// cache lines.
/// </remarks>
public sealed class RingBuffer<T>
{
    private readonly T[] _entries;
    private readonly int _padding;
    private readonly long _mask;

    // The common single-producer case is called directly (sealed type, inlinable) instead of through the virtual sequencer.
    private readonly SingleProducerSequencer? _single;

    public RingBuffer(Sequencer sequencer, Func<T>? factory = null)
    {
        ArgumentNullException.ThrowIfNull(sequencer);
        Sequencer = sequencer;
        _single = sequencer as SingleProducerSequencer;
        var slotSize = RuntimeHelpers.IsReferenceOrContainsReferences<T>() && !typeof(T).IsValueType ? IntPtr.Size : Math.Max(1, Unsafe.SizeOf<T>());
        _padding = (Padding.Bytes + slotSize - 1) / slotSize;
        _mask = sequencer.BufferSize - 1;
        _entries = new T[sequencer.BufferSize + (2 * _padding)];
        if (factory is not null)
        {
            for (var i = 0; i < sequencer.BufferSize; i++)
            {
                _entries[_padding + i] = factory();
            }
        }
        else if (!typeof(T).IsValueType)
        {
            throw new ArgumentException("Reference-type slots need a factory to pre-allocate them.", nameof(factory));
        }
    }

    public Sequencer Sequencer { get; }

    public int BufferSize => Sequencer.BufferSize;

    public Sequence Cursor => Sequencer.Cursor;

    /// <summary>The slot for <paramref name="sequence"/> (no bounds check: the mask keeps it in range).</summary>
    public ref T this[long sequence]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_entries), _padding + (int)(sequence & _mask));
    }

    public long Next() => _single is { } single ? single.Claim(1) : Sequencer.Next(1);

    public long Next(int n) => Sequencer.Next(n);

    public bool TryNext(out long sequence) => Sequencer.TryNext(1, out sequence);

    public bool TryNext(int n, out long sequence) => Sequencer.TryNext(n, out sequence);

    public void Publish(long sequence)
    {
        if (_single is { } single)
        {
            single.PublishSequence(sequence);
        }
        else
        {
            Sequencer.Publish(sequence);
        }
    }

    public void Publish(long low, long high) => Sequencer.Publish(low, high);

    public long RemainingCapacity() => Sequencer.RemainingCapacity();

    public void AddGatingSequences(params Sequence[] sequences) => Sequencer.AddGatingSequences(sequences);

    public bool RemoveGatingSequence(Sequence sequence) => Sequencer.RemoveGatingSequence(sequence);

    public SequenceBarrier NewBarrier(params Sequence[] dependents) => Sequencer.NewBarrier(dependents);
}
