using Exchange.Engine;
using Exchange.Server.Demo;
using Microsoft.Extensions.Logging;

// Until the gateway and host exist, the server runs a scripted session through the real engine.
// Usage: exchange-server [--data-dir DIR] [--durability sync|async]
var dataDirectory = Path.GetFullPath(Argument("--data-dir") ?? "data");
var durability = string.Equals(Argument("--durability"), "async", StringComparison.OrdinalIgnoreCase) ? Durability.Async : Durability.Sync;

var loggers = LoggerFactory.Create(builder => builder.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
}));
var logger = loggers.CreateLogger("Exchange");

Console.WriteLine($"Exchange demo on the engine; data folder {dataDirectory} ({durability} durability)");
var printer = new EventPrinter(Console.Out);
var engine = ExchangeEngine.Start(new EngineOptions { DataDirectory = dataDirectory, Durability = durability }, logger, printer);
var session = new DemoSession(Console.Out, engine, printer);
session.Run();
engine.Dispose();
loggers.Dispose(); // flushes the console logger's queue before the summary is printed
session.PrintFinalState(engine.StoppedState);
Console.WriteLine("Run the same command again: the exchange recovers this state from the data folder and trades on.");
return engine.Fault is null ? 0 : 1;

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
