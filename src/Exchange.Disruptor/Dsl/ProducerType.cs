using System.Diagnostics.CodeAnalysis;

namespace Exchange.Disruptor.Dsl;

/// <summary>Whether one thread or several publish into the ring; decides the sequencer.</summary>
[SuppressMessage("Naming", "CA1720", Justification = "Single is the pattern's own name for one producer.")]
public enum ProducerType
{
    /// <summary>Exactly one publishing thread: no CAS on the claim path.</summary>
    Single,

    /// <summary>Any number of publishing threads.</summary>
    Multi,
}
