using Exchange.Events;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exchange.Server.Hosting;

/// <summary>
/// Whether the event stream keeps up: Degraded (HTTP 200, the body says so) while the relay retries a broker or is
/// behind by more than EventsHealthyLagSeconds, Unhealthy while it has halted on a gap or another history. In a
/// relay-only process (EventsOnly) this is the readiness check.
/// </summary>
internal sealed class EventRelayHealthCheck(EventRelayService service, TimeSpan healthyLag) : IHealthCheck
{
    public const string Tag = "events";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = service.Relay.Status;
        var lag = service.Lag;
        var where = $"events published to sequence {status.PublishedSequence}, {lag.Commands} commands ({lag.Seconds:0.0} s) behind";
        return Task.FromResult(status.State switch
        {
            RelayState.Halted => HealthCheckResult.Unhealthy("events relay halted: " + status.Problem),
            RelayState.Retrying => HealthCheckResult.Degraded($"events relay retrying ({status.Problem}); {where}"),
            _ when lag.Seconds > healthyLag.TotalSeconds => HealthCheckResult.Degraded("events relay behind: " + where),
            _ => HealthCheckResult.Healthy(where),
        });
    }
}
