using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Exchange.Disruptor.Sequencing;

/// <summary>
/// Sequencer for any number of publishing threads: slots are claimed with a CAS on the cursor,
/// and each slot's publication is recorded in an availability buffer, so a consumer never reads a
/// slot that was claimed but is still being written, even when a later slot is already published.
/// </summary>
/// <remarks>
/// The availability buffer holds, per slot, the "round" of the sequence last published there
/// (<c>sequence / bufferSize</c>). Publishing is a release store of the round; a consumer's acquire
/// read of the round that matches the sequence it wants guarantees it sees the slot's contents.
/// </remarks>
public sealed class MultiProducerSequencer : Sequencer
{
    private readonly Sequence _gatingCache = new();
    private readonly int[] _available;
    private readonly int _indexMask;
    private readonly int _indexShift;

    public MultiProducerSequencer(int bufferSize, IWaitStrategy waitStrategy)
        : base(bufferSize, waitStrategy)
    {
        _available = new int[bufferSize];
        _available.AsSpan().Fill(-1);
        _indexMask = bufferSize - 1;
        _indexShift = BitOperations.Log2((uint)bufferSize);
    }

    public override long Next(int n)
    {
        CheckClaimSize(n);

        // Claim unconditionally with one atomic add (no CAS retry under contention), then wait for
        // space if the claim reaches past the slowest consumer.
        var next = Cursor.AddAndGet(n);
        var current = next - n;
        var wrapPoint = next - BufferSize;
        var cached = _gatingCache.Value;
        if (wrapPoint > cached || cached > current)
        {
            var spin = default(SpinWait);
            long minimum;
            while (wrapPoint > (minimum = MinimumGatingSequence(current)))
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }

            _gatingCache.SetValue(minimum);
        }

        return next;
    }

    public override bool TryNext(int n, out long sequence)
    {
        CheckClaimSize(n);
        while (true)
        {
            var current = Cursor.Value;
            var next = current + n;
            if (!HasSpace(next, current, out _))
            {
                sequence = Sequence.InitialValue;
                return false;
            }

            if (Cursor.CompareAndSet(current, next))
            {
                sequence = next;
                return true;
            }
        }
    }

    public override void Publish(long sequence)
    {
        SetAvailable(sequence);
        SignalIfBlocking();
    }

    public override void Publish(long low, long high)
    {
        for (var s = low; s <= high; s++)
        {
            SetAvailable(s);
        }

        SignalIfBlocking();
    }

    public override bool IsAvailable(long sequence) =>
        Volatile.Read(ref Slot(sequence)) == (int)(sequence >>> _indexShift);

    public override long GetHighestPublishedSequence(long low, long available)
    {
        for (var s = low; s <= available; s++)
        {
            if (!IsAvailable(s))
            {
                return s - 1;
            }
        }

        return available;
    }

    public override long RemainingCapacity()
    {
        var produced = Cursor.Value;
        return BufferSize - (produced - MinimumGatingSequence(produced));
    }

    private bool HasSpace(long next, long current, out bool full)
    {
        var wrapPoint = next - BufferSize;
        var cached = _gatingCache.Value;
        full = false;
        if (wrapPoint > cached || cached > current)
        {
            var minimum = MinimumGatingSequence(current);
            if (wrapPoint > minimum)
            {
                full = true;
                return false;
            }

            _gatingCache.SetValue(minimum);
        }

        return true;
    }

    private void SetAvailable(long sequence) => Volatile.Write(ref Slot(sequence), (int)(sequence >>> _indexShift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref int Slot(long sequence) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_available), (int)sequence & _indexMask);
}
