using System.CommandLine;
using System.CommandLine.Help;

namespace Exchange.Server.Hosting;

/// <summary>
/// The server's command line, parsed strictly: one flag per setting (<see cref="ServerSetting"/>), typed,
/// and an unknown flag or a bad value is refused, where the configuration binder would have ignored
/// a misspelled flag and started on defaults. <c>--help</c> lists every setting with its default and
/// environment variable.
/// </summary>
internal sealed class ServerCommandLine
{
    private readonly RootCommand _root;
    private readonly List<(ServerSetting Setting, Option Option)> _settings = [];
    private readonly Option<string> _config = new("--config") { Description = "A JSON file read after appsettings.json (same layout: an \"Exchange\" section).", HelpName = "FILE" };
    private readonly Option<bool> _demo = new("--demo") { Description = "Run the scripted in-process trading demo instead of the network server (uses --data-dir and --durability)." };
    private readonly Option<bool> _hashSecret = new("--hash-secret")
    {
        Description = "Read a login secret from standard input (one line), print its salted hash for an account's SecretHash setting, and exit.",
    };

    public ServerCommandLine()
    {
        _root = new RootCommand(
            "exchange-server: the exchange as a network service. Settings come from their defaults, then appsettings.json, then --config FILE, "
            + "then EXCHANGE__* environment variables, then these flags (docs/configuration.md).");
        _root.Options.Add(_config);
        _root.Options.Add(_demo);
        _root.Options.Add(_hashSecret);
        foreach (var setting in ServerSetting.All)
        {
            var option = OptionFor(setting);
            _settings.Add((setting, option));
            _root.Options.Add(option);
        }
    }

    /// <summary>What the command line asks for.</summary>
    /// <param name="Overrides">Configuration keys and values given as flags (they win over every other source).</param>
    /// <param name="ConfigFile">The extra JSON file, if any.</param>
    /// <param name="Demo">Run the demo instead of the server.</param>
    /// <param name="ExitNow">Set when the process should end here (help printed: 0; an error printed: 2).</param>
    /// <param name="HashSecret">Print the hash of a secret read from standard input instead of running.</param>
    public sealed record Request(Dictionary<string, string?> Overrides, string? ConfigFile, bool Demo, int? ExitNow, bool HashSecret = false);

    public Request Parse(string[] args, TextWriter output, TextWriter error)
    {
        var result = _root.Parse(args);
        if (result.Errors.Count > 0)
        {
            error.WriteLine($"exchange-server: invalid configuration: {result.Errors[0].Message} (--help lists the settings)");
            return new Request([], null, false, ServerExitCodes.Configuration);
        }

        if (result.Action is HelpAction)
        {
            result.Invoke(new InvocationConfiguration { Output = output, Error = error });
            return new Request([], null, false, ServerExitCodes.Ok);
        }

        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (setting, option) in _settings)
        {
            if (result.GetResult(option) is { Implicit: false } given)
            {
                overrides[setting.Key] = given.Tokens.Count > 0 ? given.Tokens[^1].Value : "true"; // a bare boolean flag means true
            }
        }

        return new Request(overrides, result.GetValue(_config), result.GetValue(_demo), null, result.GetValue(_hashSecret));
    }

    private static Option OptionFor(ServerSetting setting)
    {
        var description = $"{setting.Description} [default: {setting.Default}] [env: {setting.EnvironmentVariable}]";
        var type = setting.Property.PropertyType;
        Option option = type == typeof(int) ? new Option<int>(setting.Flag, setting.Aliases)
            : type == typeof(long) ? new Option<long>(setting.Flag, setting.Aliases)
            : type == typeof(bool) ? new Option<bool>(setting.Flag, setting.Aliases)
            : new Option<string>(setting.Flag, setting.Aliases);
        option.Description = description;
        option.HelpName = type == typeof(bool) ? "true|false" : type == typeof(string) ? "TEXT" : "N";
        return option;
    }
}
