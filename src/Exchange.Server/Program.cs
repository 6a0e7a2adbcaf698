using Exchange.Engine;
using Exchange.Server.Demo;
using Exchange.Server.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// exchange-server: the exchange as a network service (default), or the scripted in-process demo (--demo).
// Configuration: ServerSettings' defaults, appsettings.json, --config FILE, EXCHANGE__* environment
// variables, then flags (strict: --help lists them; docs/configuration.md). Exit codes: ServerExitCodes.
var request = new ServerCommandLine().Parse(args, Console.Out, Console.Error);
if (request.ExitNow is { } exitNow)
{
    return exitNow;
}

if (request.Demo)
{
    return RunDemo(request);
}

if (request.HashSecret)
{
    return HashSecret();
}

// A cluster node that lost its lease (ServerExitCodes.Fenced) starts again as a standby, in this process.
while (true)
{
    var exitCode = await RunServerAsync(request);
    if (exitCode != ServerExitCodes.Fenced)
    {
        return exitCode;
    }

    await Console.Error.WriteLineAsync("exchange-server: this node was fenced (its lease lapsed); starting again as a standby");
}

// exchange-server --hash-secret: the SecretHash setting for a secret read from standard input, so a
// configuration file names a login without holding its secret.
static int HashSecret()
{
    var secret = Console.In.ReadLine();
    if (string.IsNullOrEmpty(secret) || System.Text.Encoding.UTF8.GetByteCount(secret) > 32)
    {
        Console.Error.WriteLine("exchange-server --hash-secret: give the secret (1 to 32 UTF-8 bytes) as one line on standard input");
        return ServerExitCodes.Configuration;
    }

    Console.WriteLine(Exchange.Gateway.Accounts.SecretHashText.Format(Exchange.Gateway.Accounts.AccountCredentials.HashSecret(secret)));
    return ServerExitCodes.Ok;
}

static async Task<int> RunServerAsync(ServerCommandLine.Request request)
{
    IHost host;
    try
    {
        host = ServerHost.Build(request);
    }
    catch (StartupException ex)
    {
        await Console.Error.WriteLineAsync($"exchange-server: {ex.Message}");
        return ex.ExitCode;
    }
    catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException or InvalidOperationException)
    {
        await Console.Error.WriteLineAsync($"exchange-server: invalid configuration: {ex.Message}");
        return ServerExitCodes.Configuration;
    }

    using (host)
    {
        var service = host.Services.GetService<ExchangeService>(); // absent in a relay-only process (EventsOnly)
        try
        {
            await host.RunAsync();
        }
        catch (StartupException ex)
        {
            await Console.Error.WriteLineAsync($"exchange-server: {ex.Message}");
            return ex.ExitCode;
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await Console.Error.WriteLineAsync($"exchange-server: cannot listen for HTTP (health, metrics; --http-port): {ex.Message}");
            return ServerExitCodes.Listen;
        }

        return service?.ExitCode ?? ServerExitCodes.Ok;
    }
}

static int RunDemo(ServerCommandLine.Request request)
{
    var dataDirectory = Path.GetFullPath(request.Overrides.GetValueOrDefault("Exchange:DataDirectory") ?? "data");
    var durability = string.Equals(request.Overrides.GetValueOrDefault("Exchange:Durability"), "async", StringComparison.OrdinalIgnoreCase) ? Durability.Async : Durability.Sync;
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
