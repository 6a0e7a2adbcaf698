using Exchange.Core.Instruments;

namespace Exchange.Core.Queries;

/// <summary>An instrument's definition with its current status and last trade price (0 before any trade).</summary>
public readonly record struct InstrumentView(InstrumentSpec Spec, InstrumentStatus Status, long LastTradePrice)
{
    /// <summary>The lowest limit price the price band accepts now (1 when the band is off).</summary>
    public long BandLow { get; init; }

    /// <summary>The highest limit price the price band accepts now (<see cref="long.MaxValue"/> when the band is off).</summary>
    public long BandHigh { get; init; }
}
