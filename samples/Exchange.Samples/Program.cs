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
long Number(string key, long fallback) =>
    long.TryParse(Get(key, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0
        ? value
        : throw new ArgumentException($"--{key} must be a whole number ≥ 0, not '{Get(key, string.Empty)}'");

if (args[0] is not ("market-maker" or "taker" or "recorder"))
{
    Console.Error.WriteLine($"unknown sample '{args[0]}': market-maker, taker or recorder");
    return 1;
}

ExchangeClient client;
long instrumentNumber, seconds, mid, spread, size, limit;
try
{
    (instrumentNumber, seconds) = (Number("instrument", 1), Number("seconds", 30));
    (mid, spread, size, limit) = (Number("mid", 65_000), Number("spread", 10), Number("size", 1), Number("limit", 66_000));
    client = await ExchangeClient.ConnectAsync(new ClientOptions
    {
        Endpoints = [(Get("host", "127.0.0.1"), (int)Number("port", 7001))],
        Account = Number("account", 1001),
        Secret = Get("secret", "alice-secret"),
        LastSeenSequence = ExchangeClient.LiveOnly, // only what happens from now on
        MarketDataOnly = args[0] == "recorder",
    });
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or LoginRejectedException)
{
    Console.Error.WriteLine($"could not connect or log in: {ex.Message}");
    return 2;
}

await using var session = client;
var instrument = (int)instrumentNumber;
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

try
{
    switch (args[0])
    {
        case "market-maker":
            await new MarketMaker(client, instrument, mid, spread, size).RunAsync(stop.Token);
            break;
        case "taker":
            await Taker.SweepAsync(client, instrument, limit, stop.Token);
            break;
        case "recorder":
            await using (var csv = new StreamWriter(Get("out", "trades.csv")))
            {
                Console.WriteLine($"{await TradeRecorder.RecordAsync(client, instrument, csv, stop.Token)} trades recorded");
            }

            break;
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}

return 0;
