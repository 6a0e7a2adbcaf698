using Exchange.Client;
using Exchange.Samples;

// dotnet run --project samples/Exchange.Samples -- <market-maker|taker|recorder> [--port 7001] [--account 1001] [--secret alice-secret]
//   [--instrument 1] [--mid 65000] [--spread 10] [--size 1] [--limit 66000] [--out trades.csv] [--seconds 30]
// Against the README's server: the demo accounts are 1001 alice-secret, 1002 bob-secret, 1003 carol-secret.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: Exchange.Samples <market-maker|taker|recorder> [--port 7001] [--account 1001] [--secret alice-secret] [--instrument 1] " +
        "[--mid 65000] [--spread 10] [--size 1] [--limit 66000] [--out trades.csv] [--seconds 30]");
    return args.Length == 0 ? 1 : 0;
}

var options = new Dictionary<string, string>();
for (var i = 1; i + 1 < args.Length; i += 2)
{
    options[args[i].TrimStart('-')] = args[i + 1];
}

string Get(string key, string fallback) => options.GetValueOrDefault(key, fallback);
long Number(string key, long fallback) => long.Parse(Get(key, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);

var instrument = (int)Number("instrument", 1);
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(Number("seconds", 30)));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
await using var client = await ExchangeClient.ConnectAsync(new ClientOptions
{
    Endpoints = [(Get("host", "127.0.0.1"), (int)Number("port", 7001))],
    Account = Number("account", 1001),
    Secret = Get("secret", "alice-secret"),
    LastSeenSequence = ExchangeClient.LiveOnly, // only what happens from now on
    MarketDataOnly = args[0] == "recorder",
});

try
{
    switch (args[0])
    {
        case "market-maker":
            await new MarketMaker(client, instrument, Number("mid", 65_000), Number("spread", 10), Number("size", 1)).RunAsync(stop.Token);
            break;
        case "taker":
            await Taker.SweepAsync(client, instrument, Number("limit", 66_000), stop.Token);
            break;
        case "recorder":
            await using (var csv = new StreamWriter(Get("out", "trades.csv")))
            {
                Console.WriteLine($"{await TradeRecorder.RecordAsync(client, instrument, csv, stop.Token)} trades recorded");
            }

            break;
        default:
            Console.Error.WriteLine($"unknown sample '{args[0]}'");
            return 1;
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}

return 0;
