using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Exchange.Server.Hosting;

/// <summary>
/// Builds the server's host from the configuration sources in their order, with the exchange as its
/// hosted service and, unless HttpPort is -1, an HTTP endpoint (Kestrel) for health and Prometheus
/// metrics, with OpenTelemetry collecting the engine's, the gateway's and the runtime's meters. Kestrel
/// starts before the exchange's recovery (<see cref="ExchangeHostedService"/>), so /health/ready answers
/// "not ready" while it runs.
/// </summary>
internal static partial class ServerHost
{
    [LoggerMessage(101, LogLevel.Information, "HTTP on {Urls}: /health/live, /health/ready, /metrics")]
    private static partial void HttpListening(ILogger logger, string urls);

    /// <exception cref="StartupException">The configuration is invalid (exit code 2).</exception>
    public static IHost Build(ServerCommandLine.Request request)
    {
        var configuration = new ConfigurationManager();
        AddSources(configuration, request);
        var settings = Bind(configuration);
        if (settings.HttpPort < 0)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
            AddSources(builder.Configuration, request);
            AddExchange(builder, settings);
            return builder.Build();
        }

        var web = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        AddSources(web.Configuration, request);
        AddExchange(web, settings);
        web.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(settings.Address), settings.HttpPort));
        var checks = web.Services.AddHealthChecks();
        if (!settings.EventsOnly)
        {
            checks.Add(new("engine", sp => new ExchangeHealthCheck(sp.GetRequiredService<ExchangeService>(), readiness: false), null, [ExchangeHealthCheck.LiveTag]))
                .Add(new("ready", sp => new ExchangeHealthCheck(sp.GetRequiredService<ExchangeService>(), readiness: true), null, [ExchangeHealthCheck.ReadyTag]));
        }

        if (settings.EventsUrl.Length > 0)
        {
            checks.Add(new("events", sp => new EventRelayHealthCheck(sp.GetRequiredService<EventRelayService>(), TimeSpan.FromSeconds(settings.EventsHealthyLagSeconds)),
                null, [EventRelayHealthCheck.Tag]));
        }

        var app = web.Build();
        app.Lifetime.ApplicationStarted.Register(() => HttpListening(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Exchange.Server"), string.Join(", ", app.Urls)));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ExchangeHealthCheck.LiveTag) });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ExchangeHealthCheck.ReadyTag) || check.Tags.Contains(ExchangeHealthCheck.LiveTag)
            || check.Tags.Contains(EventRelayHealthCheck.Tag) });
        if (settings.PrometheusMetrics)
        {
            app.MapPrometheusScrapingEndpoint();
        }

        return app;
    }

    private static void AddSources(IConfigurationBuilder configuration, ServerCommandLine.Request request)
    {
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        if (request.ConfigFile is { } extra)
        {
            configuration.AddJsonFile(Path.GetFullPath(extra), optional: false);
        }

        configuration.AddEnvironmentVariables();
        configuration.AddInMemoryCollection(request.Overrides);
    }

    private static ServerSettings Bind(ConfigurationManager configuration)
    {
        ServerSettings settings;
        try
        {
            settings = configuration.GetSection("Exchange").Get<ServerSettings>() ?? new ServerSettings();
        }
        catch (InvalidOperationException ex)
        {
            throw new StartupException(ServerExitCodes.Configuration, $"invalid configuration: {ex.Message}", ex);
        }

        var problems = ServerSettingsValidator.Problems(settings);
        return problems.Count == 0 ? settings : throw new StartupException(ServerExitCodes.Configuration, "invalid configuration: " + string.Join("; ", problems));
    }

    private static void AddExchange(IHostApplicationBuilder builder, ServerSettings settings)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        // A failed start is reported as one line, with its exit code; the host's own report would add a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None); // "not ready" while recovering is expected; failures are logged by the engine
        builder.Services.Configure<ServerSettings>(builder.Configuration.GetSection("Exchange"));
        if (!settings.EventsOnly)
        {
            builder.Services.AddSingleton<ExchangeService>();
            builder.Services.AddHostedService(sp => new ExchangeHostedService(sp.GetRequiredService<ExchangeService>()));
        }

        if (settings.EventsUrl.Length > 0)
        {
            // Registered after the exchange: hosted services start in order, so the relay follows a recovered journal.
            builder.Services.AddSingleton<EventRelayService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<EventRelayService>());
        }
        Uri? otlp = settings.OtlpEndpoint.Length > 0 ? new Uri(settings.OtlpEndpoint) : null; // an absolute URI: checked by the validator
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService("exchange-server")).WithMetrics(m =>
        {
            m.AddMeter(Engine.EngineMetrics.MeterName, Gateway.GatewayMetrics.MeterName, Replication.ReplicationMetrics.MeterName, Events.RelayMetrics.MeterName, "System.Runtime");
            if (settings.HttpPort >= 0 && settings.PrometheusMetrics)
            {
                m.AddPrometheusExporter();
            }

            if (otlp is not null)
            {
                m.AddOtlpExporter(o => o.Endpoint = otlp);
            }
        });
        if (otlp is not null)
        {
            telemetry.WithTracing(t => t.AddSource(Gateway.OrderTracer.SourceName).AddOtlpExporter(o => o.Endpoint = otlp));
        }
    }
}
