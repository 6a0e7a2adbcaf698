using Exchange.Core.Instruments;

namespace Exchange.Core.Queries;

/// <summary>An instrument's definition with its current status and last trade price (0 before any trade).</summary>
public readonly record struct InstrumentView(InstrumentSpec Spec, InstrumentStatus Status, long LastTradePrice);
