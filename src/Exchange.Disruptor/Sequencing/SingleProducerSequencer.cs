using System.Runtime.InteropServices;

namespace Exchange.Disruptor.Sequencing;

/// <summary>
/// Sequencer for exactly one publishing thread: claiming is plain arithmetic on producer-local
/// fields, with no CAS; the gating sequences are read only when the cached minimum says the ring
/// might be full.
/// </summary>
/// <remarks>
/// Only one thread may call <see cref="Next(int)"/>, <see cref="TryNext(int, out long)"/> and
/// <see cref="Publish(long)"/>. Publishing is a release store of the cursor, so a consumer that
/// reads the cursor sees the slot contents written before it.
/// </remarks>
public sealed class SingleProducerSequencer(int bufferSize, IWaitStrategy waitStrategy) : Sequencer(bufferSize, waitStrategy)
{
    /// <summary>Producer-only state, padded so consumers reading this object's header never share its lines.</summary>
    [StructLayout(LayoutKind.Explicit, Size = (Padding.Bytes * 2) + (2 * sizeof(long)))]
    private struct ProducerState
    {
        [FieldOffset(Padding.Bytes)]
        public long NextValue;

        [FieldOffset(Padding.Bytes + sizeof(long))]
        public long CachedGatingValue;
    }

    private ProducerState _state = new() { NextValue = Sequence.InitialValue, CachedGatingValue = Sequence.InitialValue };

    public override long Next(int n)
    {
        CheckClaimSize(n);
        return Claim(n);
    }

    /// <summary>The claim itself, for callers that already know <paramref name="n"/> is in range.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal long Claim(int n)
    {
        var current = _state.NextValue;
        var next = current + n;
        var wrapPoint = next - BufferSize;
        var cached = _state.CachedGatingValue;
        if (wrapPoint > cached || cached > current)
        {
            _state.CachedGatingValue = WaitForSpace(wrapPoint, current);
        }

        _state.NextValue = next;
        return next;
    }

    public override bool TryNext(int n, out long sequence)
    {
        CheckClaimSize(n);
        var current = _state.NextValue;
        var next = current + n;
        var wrapPoint = next - BufferSize;
        var cached = _state.CachedGatingValue;
        if (wrapPoint > cached || cached > current)
        {
            Interlocked.MemoryBarrier();
            var minimum = MinimumGatingSequence(current);
            _state.CachedGatingValue = minimum;
            if (wrapPoint > minimum)
            {
                sequence = Sequence.InitialValue;
                return false;
            }
        }

        _state.NextValue = next;
        sequence = next;
        return true;
    }

    public override void Publish(long sequence) => PublishSequence(sequence);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal void PublishSequence(long sequence)
    {
        Cursor.SetValue(sequence);
        SignalIfBlocking();
    }

    public override void Publish(long low, long high) => Publish(high);

    public override bool IsAvailable(long sequence)
    {
        var cursor = Cursor.Value;
        return sequence <= cursor && sequence > cursor - BufferSize;
    }

    public override long GetHighestPublishedSequence(long low, long available) => available;

    public override long RemainingCapacity()
    {
        var produced = _state.NextValue;
        return BufferSize - (produced - MinimumGatingSequence(produced));
    }

    private long WaitForSpace(long wrapPoint, long current)
    {
        // Full fence: our earlier cursor stores must not be reordered after the gating reads below.
        Interlocked.MemoryBarrier();
        var spin = default(SpinWait);
        long minimum;
        while (wrapPoint > (minimum = MinimumGatingSequence(current)))
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        return minimum;
    }
}
