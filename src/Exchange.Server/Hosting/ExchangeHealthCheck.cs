using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Exchange.Server.Hosting;

/// <summary>
/// What a load balancer and an orchestrator ask: is the process worth keeping (live: not after the engine
/// has fail-stopped, e.g. on a journal that cannot write or sync), and may clients be sent to it (ready:
/// recovery has finished, the gateway listens, and it is not stopping or failed).
/// </summary>
internal sealed class ExchangeHealthCheck(ExchangeService service, bool readiness) : IHealthCheck
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (service.Engine?.Fault is { } fault)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("the engine has failed (fail-stop): " + fault.Message));
        }

        if (readiness && !service.IsReady)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(service.Engine is null ? "recovering" : "stopping"));
        }

        return Task.FromResult(HealthCheckResult.Healthy(service.Engine is null ? "starting" : $"at sequence {service.Engine.ProcessedSequence}"));
    }
}
