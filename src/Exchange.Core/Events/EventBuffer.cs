namespace Exchange.Core.Events;

/// <summary>
/// The caller-provided sink the engine writes a command's events into. It is reused for every
/// command: <see cref="Clear"/> resets the count, the backing array only grows (doubling), so in
/// steady state nothing is allocated.
/// </summary>
public sealed class EventBuffer
{
    private Event[] _events;
    private int _count;

    public EventBuffer(int initialCapacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialCapacity, 1);
        _events = new Event[initialCapacity];
    }

    public int Count => _count;

    /// <summary>The events written since the last <see cref="Clear"/>, valid until the next write.</summary>
    public ReadOnlySpan<Event> Events => new(_events, 0, _count);

    public ref readonly Event this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                ThrowIndex(index);
            }

            return ref _events[index];
        }
    }

    public void Clear() => _count = 0;

    /// <summary>Reserves the next slot, cleared to defaults, and returns it for the caller to fill.</summary>
    public ref Event Add()
    {
        if (_count == _events.Length)
        {
            Grow();
        }

        ref var slot = ref _events[_count++];
        slot = default;
        return ref slot;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void Grow() => Array.Resize(ref _events, _events.Length * 2);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ThrowIndex(int index) => throw new ArgumentOutOfRangeException(nameof(index), index, "No event at this index.");
}
