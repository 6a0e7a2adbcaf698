using Microsoft.Extensions.Hosting;

namespace Exchange.Server.Hosting;

/// <summary>
/// Starts the exchange once every other hosted service has started (the HTTP endpoint among them), so
/// that /health/ready can answer "recovering" while a long recovery runs, and stops it first.
/// </summary>
internal sealed class ExchangeHostedService(ExchangeService service) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => service.StartAsync(cancellationToken);

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => service.StopAsync(cancellationToken);

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
