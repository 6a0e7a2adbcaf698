using Exchange.Engine;
using Exchange.Server.Demo;
using Exchange.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// exchange-server: the exchange as a network service (default), or the scripted in-process demo (--demo).
// Configuration: appsettings.json, then EXCHANGE__* environment variables, then flags
// (--data-dir, --port, --durability sync|async, --config FILE). Exit codes: ServerExitCodes.
if (args.Contains("--demo"))
{
    return RunDemo(args);
}

IHost host;
try
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
    builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
    if (Argument(args, "--config") is { } extra)
    {
        builder.Configuration.AddJsonFile(Path.GetFullPath(extra), optional: false);
    }

    builder.Configuration.AddEnvironmentVariables();
    builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
    {
        ["--data-dir"] = "Exchange:DataDirectory",
        ["--port"] = "Exchange:Port",
        ["--durability"] = "Exchange:Durability",
        ["--address"] = "Exchange:Address",
        ["--config"] = "Exchange:ConfigFile",
    });
    builder.Logging.ClearProviders();
    builder.Logging.AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.TimestampFormat = "HH:mm:ss.fff ";
    });

    // A failed start is reported as one line below, with its exit code; the host's own report would add a stack trace.
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
    builder.Services.Configure<ServerSettings>(builder.Configuration.GetSection("Exchange"));
    builder.Services.AddSingleton<ExchangeService>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<ExchangeService>());
    host = builder.Build();
}
catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync($"exchange-server: invalid configuration: {ex.Message}");
    return ServerExitCodes.Configuration;
}

using (host)
{
    var service = host.Services.GetRequiredService<ExchangeService>();
    try
    {
        await host.RunAsync();
    }
    catch (StartupException ex)
    {
        await Console.Error.WriteLineAsync($"exchange-server: {ex.Message}");
        return ex.ExitCode;
    }

    return service.ExitCode;
}

static int RunDemo(string[] args)
{
    var dataDirectory = Path.GetFullPath(Argument(args, "--data-dir") ?? "data");
    var durability = string.Equals(Argument(args, "--durability"), "async", StringComparison.OrdinalIgnoreCase) ? Durability.Async : Durability.Sync;
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
}

static string? Argument(string[] args, string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
