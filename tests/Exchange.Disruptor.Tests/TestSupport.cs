using Exchange.Disruptor.Processing;

namespace Exchange.Disruptor.Tests;

/// <summary>A reference-type slot; <see cref="Check"/> is always ~<see cref="Value"/>, so a torn slot shows.</summary>
public sealed class Slot
{
    public long Value;
    public long Check;
    public int Producer;
    public int SeenByA;
    public int SeenByB;

    public void Set(long value, int producer = 0)
    {
        Value = value;
        Check = ~value;
        Producer = producer;
        SeenByA = 0;
        SeenByB = 0;
    }
}

/// <summary>A struct slot, read and written through ref.</summary>
public struct ValueSlot
{
    public long Value;
    public long Check;
}

/// <summary>What a consumer saw; written only by its own thread, read after it stopped.</summary>
public sealed class Record
{
    public long Count;
    public long LastSequence = -1;
    public long Batches;
    public long Timeouts;
    public int Started;
    public int ShutDown;
    public string? Error;
    public long[] PerProducerNext = new long[8];

    public void Fail(string message) => Error ??= message;
}

/// <summary>Checks the exactly-once, in-order contract on every event.</summary>
public struct CheckingHandler(Record record, long failAt = -1) : IEventHandler<Slot>
{
    public void OnEvent(ref Slot data, long sequence, bool endOfBatch)
    {
        if (sequence == failAt)
        {
            throw new InvalidOperationException($"planned failure at {sequence}");
        }

        if (sequence != record.LastSequence + 1)
        {
            record.Fail($"sequence {sequence} after {record.LastSequence}");
        }

        if (data.Check != ~data.Value)
        {
            record.Fail($"torn slot at {sequence}: {data.Value} / {data.Check}");
        }

        var producer = data.Producer;
        if (data.Value != record.PerProducerNext[producer])
        {
            record.Fail($"producer {producer}: value {data.Value}, expected {record.PerProducerNext[producer]}");
        }

        record.PerProducerNext[producer] = data.Value + 1;
        record.LastSequence = sequence;
        record.Count++;
    }

    public readonly void OnBatchStart(long batchSize) => record.Batches++;

    public readonly void OnStart() => record.Started++;

    public readonly void OnShutdown() => record.ShutDown++;

    public readonly void OnTimeout(long sequence) => record.Timeouts++;
}

/// <summary>Marks a slot as seen (diamond tests), optionally as stage A or B.</summary>
public struct MarkingHandler(bool isA, Record record) : IEventHandler<Slot>
{
    public readonly void OnEvent(ref Slot data, long sequence, bool endOfBatch)
    {
        if (isA)
        {
            Volatile.Write(ref data.SeenByA, 1);
        }
        else
        {
            Volatile.Write(ref data.SeenByB, 1);
        }

        record.Count++;
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnStart()
    {
    }

    public readonly void OnShutdown()
    {
    }

    public readonly void OnTimeout(long sequence)
    {
    }
}

/// <summary>The join of a diamond: both upstream stages must have marked every slot it sees.</summary>
public struct JoinHandler(Record record) : IEventHandler<Slot>
{
    public readonly void OnEvent(ref Slot data, long sequence, bool endOfBatch)
    {
        if (Volatile.Read(ref data.SeenByA) != 1 || Volatile.Read(ref data.SeenByB) != 1)
        {
            record.Fail($"slot {sequence} reached the join before both stages: A={data.SeenByA} B={data.SeenByB}");
        }

        record.Count++;
    }

    public readonly void OnBatchStart(long batchSize)
    {
    }

    public readonly void OnStart()
    {
    }

    public readonly void OnShutdown()
    {
    }

    public readonly void OnTimeout(long sequence)
    {
    }
}

public static class WaitStrategies
{
    public static IWaitStrategy Create(string name) => name switch
    {
        "busy-spin" => new BusySpinWaitStrategy(),
        "yielding" => new YieldingWaitStrategy(),
        "sleeping" => new SleepingWaitStrategy(),
        "blocking" => new BlockingWaitStrategy(),
        "timeout-blocking" => new TimeoutBlockingWaitStrategy(TimeSpan.FromMilliseconds(5)),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    public static TheoryData<string> All => ["busy-spin", "yielding", "sleeping", "blocking", "timeout-blocking"];
}
