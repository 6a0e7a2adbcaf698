using System.Diagnostics.Metrics;
using Exchange.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Exchange.Server.Hosting;

/// <summary>
/// Hosts the events relay (docs/events.md) beside the exchange, or alone with <c>EventsOnly</c>. It reads the data
/// folder's journal files on its own tasks: the engine neither knows nor waits for it, so a broker that is slow or
/// down delays the stream and never an acknowledgement.
/// </summary>
internal sealed class EventRelayService : BackgroundService
{
    private readonly ServerSettings _settings;

    public EventRelayService(IOptions<ServerSettings> settings, ILogger<EventRelay> logger, IMeterFactory? meters = null, ExchangeService? exchange = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings.Value;
        var options = new EventRelayOptions
        {
            DataDirectory = Path.GetFullPath(_settings.DataDirectory),
            BrokerUrl = _settings.EventsUrl,
            StreamName = _settings.EventsStream,
            SubjectPrefix = _settings.EventsSubjectPrefix,
            MaxAge = TimeSpan.FromHours(_settings.EventsMaxAgeHours),
            MaxBytes = _settings.EventsMaxMegabytes * 1024L * 1024,
            Replicas = _settings.EventsReplicas,
            FirstSequence = _settings.EventsFirstSequence,
            HealthyLag = TimeSpan.FromSeconds(_settings.EventsHealthyLagSeconds),
            HeadSequence = exchange is null ? null : () => exchange.Engine?.ProcessedSequence ?? 0,
        };
        Relay = new EventRelay(options, logger);
        Lag = new RelayLag(Relay.Status, options.HeadSequence, TimeProvider.System);
        RelayMetrics.Observe(meters?.Create(RelayMetrics.MeterName) ?? new Meter(RelayMetrics.MeterName), Relay.Status, Lag);
    }

    public EventRelay Relay { get; }

    public RelayLag Lag { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Where the relay follows its own server, it starts once that server has recovered (and, on a fresh folder, written the demo world).
        await Task.Yield();
        await Relay.RunAsync(stoppingToken).ConfigureAwait(false);
    }
}
