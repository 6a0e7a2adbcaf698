namespace Exchange.Disruptor.Processing;

/// <summary>A consumer loop on its own thread, seen by the wiring without its generic types.</summary>
public interface IEventProcessor
{
    /// <summary>The last sequence this processor has finished with; downstream consumers and producers gate on it.</summary>
    Sequence Sequence { get; }

    bool IsRunning { get; }

    /// <summary>The exception that halted it under <see cref="ExceptionPolicy.Halt"/>, if any.</summary>
    Exception? Fault { get; }

    /// <summary>Runs the loop on the calling thread until halted.</summary>
    void Run();

    /// <summary>Asks the loop to stop after the event in hand; returns at once.</summary>
    void Halt();
}
