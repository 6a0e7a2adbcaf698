using System.Diagnostics.Metrics;

namespace Exchange.Events;

/// <summary>The relay's instruments (meter <c>Exchange.Events</c>; docs/operations.md lists them).</summary>
public static class RelayMetrics
{
    public const string MeterName = "Exchange.Events";

    public static void Observe(Meter meter, RelayStatus status, RelayLag lag)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(lag);
        meter.CreateObservableCounter("exchange.events.published", () => status.Published, unit: "{event}", description: "Events this relay has stored in the stream since it started");
        meter.CreateObservableCounter("exchange.events.broker_errors", () => status.BrokerErrors, unit: "{error}", description: "Failed rounds (broker refused, timed out or unreachable; journal unreadable), each retried from the stream's end");
        meter.CreateObservableGauge("exchange.events.sequence", () => status.PublishedSequence, unit: "{command}", description: "Engine sequence of the newest event in the stream");
        meter.CreateObservableGauge("exchange.events.lag", () => lag.Commands, unit: "{command}", description: "Commands journaled whose events are not all in the stream yet");
        meter.CreateObservableGauge("exchange.events.lag_seconds", () => lag.Seconds, unit: "s", description: "While behind: age of the newest command whose events are in the stream");
        meter.CreateObservableGauge("exchange.events.halted", () => status.State == RelayState.Halted ? 1 : 0, description: "1 while the relay refuses to go on (another history in the stream, a gap): see the log");
    }
}
