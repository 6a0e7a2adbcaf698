using System.Diagnostics;

namespace Exchange.Engine;

/// <summary>
/// Where a command's time goes, for a latency breakdown: the pipeline stamps each command
/// (<see cref="Stopwatch.GetTimestamp"/>) as it passes each stage — read by the gateway, queued in the
/// input ring, committed to the journal, processed by the business logic, its first event handed to
/// the subscribers — into arrays indexed by journal sequence (a ring of <see cref="Capacity"/>
/// commands, the newest kept). Each array has one writer thread and no lock; it is read after the
/// run. Off unless <see cref="EngineOptions.StageTrace"/> is set: the stages then check one null.
/// </summary>
public sealed class StageTrace
{
    private readonly long _mask;

    /// <param name="capacity">Commands remembered (rounded up to a power of two); the oldest are overwritten.</param>
    public StageTrace(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);
        _mask = Capacity - 1;
        Sequence = new long[Capacity];
        Account = new long[Capacity];
        ClientOrderId = new long[Capacity];
        Read = new long[Capacity];
        Queued = new long[Capacity];
        Committed = new long[Capacity];
        Processed = new long[Capacity];
        Published = new long[Capacity];
        PublishedSequence = new long[Capacity];
    }

    public int Capacity { get; }

    /// <summary>The sequence each slot holds now (0: none yet); the other arrays are valid for it.</summary>
    public long[] Sequence { get; }

    public long[] Account { get; }

    public long[] ClientOrderId { get; }

    /// <summary>When the gateway read the bytes holding the command (0 for commands from elsewhere).</summary>
    public long[] Read { get; }

    /// <summary>When it was put in the input ring.</summary>
    public long[] Queued { get; }

    /// <summary>When the journal batch holding it was written (and, in sync mode, fsynced).</summary>
    public long[] Committed { get; }

    /// <summary>When the business logic had applied it.</summary>
    public long[] Processed { get; }

    /// <summary>When its first event had been handed to every subscriber (the reply is queued for its session); see <see cref="PublishedAt"/>.</summary>
    public long[] Published { get; }

    /// <summary>The sequence <see cref="Published"/> was written for: the publisher runs behind the business logic and has its own writes.</summary>
    public long[] PublishedSequence { get; }

    /// <summary>When the command in <paramref name="slot"/> had its first event published; 0 if it had none (or not yet).</summary>
    public long PublishedAt(int slot) => PublishedSequence[slot] == Sequence[slot] ? Published[slot] : 0;

    /// <summary>The slot of <paramref name="sequence"/>.</summary>
    public int SlotOf(long sequence) => (int)(sequence & _mask);
}
