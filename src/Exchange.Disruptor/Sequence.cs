using System.Runtime.InteropServices;

namespace Exchange.Disruptor;

/// <summary>
/// A 64-bit sequence counter alone on its cache lines, shared between exactly one writer and any
/// number of readers (the cursor of a sequencer, the progress of a consumer).
/// </summary>
/// <remarks>
/// Memory ordering: <see cref="Value"/> is an acquire read; <see cref="SetValue"/> is a release
/// write (everything the writer did before, such as filling a slot, is visible to a reader that
/// sees the new value); <see cref="SetValueVolatile"/> and the atomic operations are full fences.
/// Layout: the value sits <see cref="Padding.Bytes"/> into the object, with as many bytes after it,
/// so no other hot field shares its cache lines (checked by a layout test).
/// </remarks>
[StructLayout(LayoutKind.Explicit)]
public sealed class Sequence
{
    /// <summary>Where every sequence starts: nothing published or consumed yet.</summary>
    public const long InitialValue = -1;

    [FieldOffset(Padding.Bytes)]
    private long _value;

    // The explicit Size of a class layout is not honoured, so a real field ends the trailing padding:
    // without it the next object on the heap could share _value's cache lines.
#pragma warning disable CS0169, IDE0051 // never read: it exists only to reserve space
    [FieldOffset((Padding.Bytes * 2) + sizeof(long))]
    private long _trailingPadding;
#pragma warning restore CS0169, IDE0051

    public Sequence(long initialValue = InitialValue) => _value = initialValue;

    public long Value => Volatile.Read(ref _value);

    /// <summary>Release store: publishes everything written before it.</summary>
    public void SetValue(long value) => Volatile.Write(ref _value, value);

    /// <summary>Store followed by a full fence (store-load ordering).</summary>
    public void SetValueVolatile(long value) => Interlocked.Exchange(ref _value, value);

    public bool CompareAndSet(long expected, long next) => Interlocked.CompareExchange(ref _value, next, expected) == expected;

    public long IncrementAndGet() => Interlocked.Increment(ref _value);

    public long AddAndGet(long delta) => Interlocked.Add(ref _value, delta);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The smallest value among <paramref name="sequences"/>, or <paramref name="minimum"/> if smaller or none.</summary>
    public static long Min(Sequence[] sequences, long minimum = long.MaxValue)
    {
        for (var i = 0; i < sequences.Length; i++)
        {
            var value = sequences[i].Value;
            if (value < minimum)
            {
                minimum = value;
            }
        }

        return minimum;
    }
}
