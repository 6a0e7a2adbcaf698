using System.Diagnostics.Metrics;

namespace Exchange.Gateway;

/// <summary>
/// The gateway's instruments on meter <c>Exchange.Gateway</c>: sessions by state, logins by outcome,
/// protocol rejects (throttling included) and session ends by reason, refused connections, market-data
/// subscriptions and the deepest outbound queue. What an operator looks at when clients complain or
/// when someone hammers the gateway. Without a meter factory every method is a no-op.
/// </summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "Exchange.Gateway";

    private readonly Counter<long>? _logins;
    private readonly Counter<long>? _rejects;
    private readonly Counter<long>? _ended;
    private readonly Counter<long>? _refused;

    internal GatewayMetrics(IMeterFactory? factory, GatewayServer server)
    {
        if (factory is null)
        {
            return;
        }

        var meter = factory.Create(new MeterOptions(MeterName));
        _logins = meter.CreateCounter<long>("exchange.gateway.logins", "{login}", "Login attempts, by result (accepted, refused, deferred, timed_out)");
        _rejects = meter.CreateCounter<long>("exchange.gateway.protocol_rejects", "{message}", "Messages refused by the gateway before the engine, by reason (Throttled, ...)");
        _ended = meter.CreateCounter<long>("exchange.gateway.sessions_ended", "{session}", "Sessions the gateway ended, by reason (ThrottleExceeded, SlowConsumer, ...)");
        _refused = meter.CreateCounter<long>("exchange.gateway.connections_refused", "{connection}", "Connections closed on arrival (connection limits)");
        meter.CreateObservableGauge("exchange.gateway.sessions", () =>
        {
            var (loggedIn, anonymous) = server.SessionCounts();
            return new[]
            {
                new Measurement<int>(loggedIn, new KeyValuePair<string, object?>("state", "logged_in")),
                new Measurement<int>(anonymous, new KeyValuePair<string, object?>("state", "anonymous")),
            };
        }, "{session}", "Open sessions, by state");
        meter.CreateObservableGauge("exchange.gateway.queued_bytes.max", server.LargestQueue, "By", "Outbound bytes queued for the most backed-up session (cut off at MaxQueuedBytes)");
        meter.CreateObservableGauge("exchange.marketdata.subscriptions", server.MarketDataSubscriptions, "{subscription}", "Market-data subscriptions (session x instrument)");
    }

    internal void Login(string result) => _logins?.Add(1, new KeyValuePair<string, object?>("result", result));

    internal void ProtocolReject(string reason) => _rejects?.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void SessionEnded(string reason) => _ended?.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void ConnectionRefused() => _refused?.Add(1);
}
