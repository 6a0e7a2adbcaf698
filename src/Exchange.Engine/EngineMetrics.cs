using System.Diagnostics.Metrics;

namespace Exchange.Engine;

/// <summary>
/// Engine metrics through System.Diagnostics.Metrics (meter "Exchange.Engine"), observed on
/// demand so the pipeline threads do no extra work: commands processed, journal batches, fsyncs,
/// records and bytes. Read them with dotnet-counters or any OpenTelemetry exporter.
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "Exchange.Engine";

    private readonly Meter _meter = new(MeterName);

    public EngineMetrics(ExchangeEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _meter.CreateObservableCounter("exchange.engine.commands_processed", () => engine.ProcessedSequence, "{command}", "Sequence of the last command processed");
        _meter.CreateObservableCounter("exchange.journal.batches", () => engine.Journal.Commits, "{batch}", "Journal batches written");
        _meter.CreateObservableCounter("exchange.journal.fsyncs", () => engine.Journal.Syncs, "{fsync}", "Journal fsyncs");
        _meter.CreateObservableCounter("exchange.journal.records", () => engine.Journal.Records, "{record}", "Journal records written");
        _meter.CreateObservableCounter("exchange.journal.bytes", () => engine.Journal.Bytes, "By", "Journal bytes written");
    }

    public void Dispose() => _meter.Dispose();
}
