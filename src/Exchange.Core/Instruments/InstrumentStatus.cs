namespace Exchange.Core.Instruments;

/// <summary>Whether an instrument accepts new orders and replaces (cancels are always accepted).</summary>
public enum InstrumentStatus : byte
{
    Trading = 1,
    Halted = 2,
}
