using System.Globalization;
using System.Text.Json;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

// Follows the exchange's event stream through a durable JetStream consumer and prints one line per event.
//   dotnet run --project samples/Exchange.EventConsumer -- [--url nats://127.0.0.1:4222] [--stream EXCHANGE_EVENTS]
//     [--durable printer] [--subject exchange.>] [--max 0] [--idle-seconds 0]
// Several instances with the same --durable share the consumer (a consumer group): each event goes to one of them.
// --max N ends after N events, --idle-seconds S after S seconds without one (0: never).
var options = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"unexpected '{args[i]}': options are --url, --stream, --durable, --subject, --max, --idle-seconds");
        return 1;
    }

    options[args[i][2..]] = args[i + 1];
}

if (args.Length % 2 != 0 || args.Contains("--help"))
{
    Console.WriteLine("usage: Exchange.EventConsumer [--url nats://127.0.0.1:4222] [--stream EXCHANGE_EVENTS] [--durable printer] [--subject exchange.>] [--max 0] [--idle-seconds 0]");
    return args.Contains("--help") ? 0 : 1;
}

var url = options.GetValueOrDefault("url", "nats://127.0.0.1:4222");
var stream = options.GetValueOrDefault("stream", "EXCHANGE_EVENTS");
var durable = options.GetValueOrDefault("durable", "printer");
var subject = options.GetValueOrDefault("subject", "exchange.>");
if (!long.TryParse(options.GetValueOrDefault("max", "0"), CultureInfo.InvariantCulture, out var max) || max < 0
    || !int.TryParse(options.GetValueOrDefault("idle-seconds", "0"), CultureInfo.InvariantCulture, out var idleSeconds) || idleSeconds < 0)
{
    Console.Error.WriteLine("--max and --idle-seconds take a whole number ≥ 0");
    return 1;
}

await using var nats = new NatsConnection(new NatsOpts { Url = url, Name = "exchange-event-consumer" });
try
{
    await nats.ConnectAsync();
}
catch (NatsException ex)
{
    Console.Error.WriteLine($"cannot reach NATS at {url}: {ex.Message}");
    return 2;
}

var js = new NatsJSContext(nats);
INatsJSConsumer consumer;
try
{
    // Durable: the broker remembers what was acknowledged, so a restarted consumer goes on where it stopped.
    consumer = await js.CreateOrUpdateConsumerAsync(stream, new ConsumerConfig(durable)
    {
        FilterSubject = subject,
        AckPolicy = ConsumerConfigAckPolicy.Explicit,
        DeliverPolicy = ConsumerConfigDeliverPolicy.All,
    });
}
catch (NatsJSApiException ex)
{
    Console.Error.WriteLine($"no consumer on stream {stream}: {ex.Error.Description} (is the exchange running with --events-url?)");
    return 2;
}

long seen = 0;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

var lastEvent = DateTime.UtcNow.Ticks;
var idle = idleSeconds > 0 ? Task.Run(async () =>
{
    while (!stop.IsCancellationRequested)
    {
        await Task.Delay(200);
        if (DateTime.UtcNow.Ticks - Interlocked.Read(ref lastEvent) > TimeSpan.FromSeconds(idleSeconds).Ticks)
        {
            await stop.CancelAsync();
        }
    }
}) : Task.CompletedTask;

try
{
    await foreach (var message in consumer.ConsumeAsync<byte[]>(cancellationToken: stop.Token))
    {
        Interlocked.Exchange(ref lastEvent, DateTime.UtcNow.Ticks);
        using var json = JsonDocument.Parse(message.Data ?? []);
        var e = json.RootElement;
        if (e.GetProperty("schema").GetInt32() != 1)
        {
            Console.Error.WriteLine($"schema {e.GetProperty("schema").GetInt32()} is newer than this consumer knows (1): stopping before misreading it");
            return 3;
        }

        // Idempotent handling keys on the message id (sequence-index); here each event is printed once, then acknowledged.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{e.GetProperty("sequence").GetInt64(),8}-{e.GetProperty("index").GetInt32(),-3} {e.GetProperty("event").GetString(),-20} {message.Subject}"));
        await message.AckAsync(cancellationToken: stop.Token);
        if (++seen == max)
        {
            break;
        }
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}

await stop.CancelAsync();
await idle;
Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seen} events"));
return 0;
