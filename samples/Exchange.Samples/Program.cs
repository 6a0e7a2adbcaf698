using Exchange.Client;
using Exchange.Samples;

// dotnet run --project samples/Exchange.Samples -- <getting-started|market-maker|taker|recorder> [--port 7001] [--account 1001] [--secret alice-secret]
//   [--instrument BTC-USD] [--mid 65000] [--spread 10] [--size 1] [--limit 66000] [--out trades.csv] [--seconds 30]
// Against the README's server: the demo accounts are 1001 alice-secret, 1002 bob-secret, 1003 carol-secret.
const string Usage = "usage: Exchange.Samples <getting-started|market-maker|taker|recorder> [--host 127.0.0.1] [--port 7001] [--account 1001] [--secret alice-secret] " +
    "[--instrument BTC-USD] [--mid 65000] [--spread 10] [--size 1] [--limit 66000] [--out trades.csv] [--seconds 30]";
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 1 : 0;
}

var options = new Dictionary<string, string>();
for (var i = 1; i < args.Length; i += 2)
{
    if (i + 1 >= args.Length || !args[i].StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"expected --name value pairs after the sample's name, not '{args[i]}'\n{Usage}");
        return 1;
    }

    options[args[i][2..]] = args[i + 1];
}

string Get(string key, string fallback) => options.GetValueOrDefault(key, fallback);
long Number(string key, long fallback) =>
    long.TryParse(Get(key, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= 0
        ? value
        : throw new ArgumentException($"--{key} must be a whole number ≥ 0, not '{Get(key, string.Empty)}'");

if (args[0] is not ("getting-started" or "market-maker" or "taker" or "recorder"))
{
    Console.Error.WriteLine($"unknown sample '{args[0]}': getting-started, market-maker, taker or recorder");
    return 1;
}

ExchangeClient client;
Instrument instrument;
long seconds, mid, spread, size, limit;
try
{
    (seconds, mid, spread, size, limit) = (Number("seconds", 30), Number("mid", 65_000), Number("spread", 10), Number("size", 1), Number("limit", 66_000));
    var port = (int)Number("port", 7001);
    if (args[0] == "getting-started")
    {
        await GettingStarted.RunAsync(port, Number("account", 1001), Get("secret", "alice-secret"));
        return 0;
    }

    client = await ExchangeClient.ConnectAsync(new ClientOptions
    {
        Endpoints = [(Get("host", "127.0.0.1"), port)],
        Account = Number("account", 1001),
        Secret = Get("secret", "alice-secret"),
        LastSeenSequence = ExchangeClient.LiveOnly, // only what happens from now on
        MarketDataOnly = args[0] == "recorder",
    });
    instrument = await client.GetInstrumentAsync(Get("instrument", "BTC-USD"));
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
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

try
{
    switch (args[0])
    {
        case "market-maker":
            try
            {
                await new MarketMaker(client, instrument.Id, mid, spread, size).RunAsync(stop.Token);
            }
            finally
            {
                Console.WriteLine($"stopped; {await client.CancelAllAsync(instrument.Id)} quote(s) cancelled"); // a maker leaves nothing behind
            }

            break;
        case "taker":
            await Taker.SweepAsync(client, instrument.Id, limit, stop.Token);
            break;
        case "recorder":
            await using (var csv = new StreamWriter(Get("out", "trades.csv")))
            {
                Console.WriteLine($"{await TradeRecorder.RecordAsync(client, instrument.Id, csv, stop.Token)} trades recorded");
            }

            break;
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
}

return 0;
