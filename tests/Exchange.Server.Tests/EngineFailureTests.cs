using Exchange.Client;
using Exchange.Protocol.Session;
using Exchange.Server.Hosting;
using Exchange.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Tests;

/// <summary>A journal that stops writing mid-session: clients are told why, and the host stops with exit code 4.</summary>
public sealed class EngineFailureTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "exchange-server-failure-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_journal_that_cannot_write_ends_sessions_with_EngineFailed_and_stops_the_host_with_exit_4()
    {
        var disk = new FailingDisk();
        var lifetime = new RecordingLifetime();
        var service = new ExchangeService(Options.Create(new ServerSettings
        {
            DataDirectory = _data,
            Port = 0,
            Accounts = [new AccountSetting { Id = 1001, Secret = "alice-secret" }],
        }), NullLogger<ExchangeService>.Instance, lifetime) { JournalIo = disk };
        var live = new ExchangeHealthCheck(service, readiness: false);
        var ready = new ExchangeHealthCheck(service, readiness: true);
        Assert.Equal(HealthStatus.Unhealthy, (await ready.CheckHealthAsync(new HealthCheckContext())).Status); // not recovered yet
        await service.StartAsync(CancellationToken.None);
        Assert.Equal(HealthStatus.Healthy, (await ready.CheckHealthAsync(new HealthCheckContext())).Status);
        Assert.Equal(HealthStatus.Healthy, (await live.CheckHealthAsync(new HealthCheckContext())).Status);
        try
        {
            await using var alice = await ExchangeClient.ConnectAsync("127.0.0.1", service.Port, 1001, "alice-secret");
            await alice.PlaceLimitAsync(1, 1, 1, 60_000, 1);
            await alice.WaitForAsync<Protocol.OrderEntry.OrderAccepted>(TimeSpan.FromSeconds(60));

            disk.FillNow();
            await alice.PlaceLimitAsync(2, 1, 1, 60_000, 1);
            var ended = await alice.WaitForAsync<SessionEnded>(TimeSpan.FromSeconds(60));
            Assert.Equal((ushort)SessionEndReason.EngineFailed, ended.Reason);
            Assert.True(await lifetime.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(60)));
            Assert.Equal(ServerExitCodes.EngineFailed, service.ExitCode);
            Assert.NotNull(service.Engine!.Fault);
            var health = await live.CheckHealthAsync(new HealthCheckContext());
            Assert.Equal(HealthStatus.Unhealthy, health.Status);
            Assert.Contains("fail-stop", health.Description, StringComparison.Ordinal);
            Assert.Equal(HealthStatus.Unhealthy, (await ready.CheckHealthAsync(new HealthCheckContext())).Status);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private sealed class RecordingLifetime : IHostApplicationLifetime
    {
        public TaskCompletionSource<bool> Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopped.TrySetResult(true);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
